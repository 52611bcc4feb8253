package io.gpunit.benchmarks;

import io.gpunit.core.memory.ResidentMemory;
import io.gpunit.models.ModelFile;
import io.gpunit.models.recipes.SmallTrainers;
import io.gpunit.models.training.loop.NativeMemoryGuard;
import io.gpunit.models.training.loop.TrainingStep;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Does a trainer's memory stay flat over a long run? Trains each architecture at the command line's
 * CPU widths ({@link SmallTrainers}: 64² synthetic CAT → CAR, batch 4; GP-UNIT stage 2 on an
 * untrained stage-1 encoder, whose cost does not depend on training, and stage 1 itself) for {@code
 * --steps} steps, each in a JVM of its own, and reports resident memory after warm-up and at the
 * end, and the growth per 100 steps after warm-up: the least-squares slope of the settled resident
 * memory ({@link ResidentMemory#settledBytes()}) sampled every {@code --every} steps.
 *
 * <p>Between samples a {@link NativeMemoryGuard} collects dead arrays above {@code --limit-mib}, as
 * the command line's runs do. The last line is machine-readable: {@code soak unit=MB/100steps
 * munit=… cyclegan=… gpunit=… gpunit_stage1=…}.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * MALLOC_ARENA_MAX=2 java -cp benchmarks/target/benchmarks.jar io.gpunit.benchmarks.SoakBenchmark \
 *     [--steps 500] [--warmup 100] [--every 25] [--limit-mib 1024] [--arch unit,munit,cyclegan,gpunit,gpunit_stage1]
 * </pre>
 */
public final class SoakBenchmark {

  private static final String STAGE1 = "gpunit_stage1";
  private static final List<String> ARCHITECTURES =
      List.of(ModelFile.UNIT, ModelFile.MUNIT, ModelFile.CYCLEGAN, ModelFile.GPUNIT, STAGE1);

  /** The content code size {@code gpunit train} and the demo distil (the official 8²). */
  private static final int OFFICIAL_CODE_SIZE = 8;

  private static final String RESULT = "result ";

  private SoakBenchmark() {}

  /** The run's settings, parsed from {@code --name value} pairs. */
  private record Settings(
      int steps, int warmup, int every, long limitMib, List<String> architectures, String child) {

    static Settings parse(String[] args) {
      Map<String, String> options = new LinkedHashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        if (!args[i].startsWith("--")) {
          throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
        }
        options.put(args[i].substring(2), args[i + 1]);
      }
      if (args.length % 2 != 0) {
        throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
      }
      Settings settings =
          new Settings(
              Integer.parseInt(options.getOrDefault("steps", "500")),
              Integer.parseInt(options.getOrDefault("warmup", "100")),
              Integer.parseInt(options.getOrDefault("every", "25")),
              Long.parseLong(
                  options.getOrDefault(
                      "limit-mib", "" + (NativeMemoryGuard.TRAINING_LIMIT_BYTES >> 20))),
              List.of(options.getOrDefault("arch", String.join(",", ARCHITECTURES)).split(",")),
              options.get("child"));
      if (settings.warmup >= settings.steps || settings.every < 1) {
        throw new IllegalArgumentException("need 0 <= warmup < steps and every >= 1");
      }
      for (String arch : settings.architectures) {
        if (!ARCHITECTURES.contains(arch)) {
          throw new IllegalArgumentException(
              "unknown --arch " + arch + "; one of " + ARCHITECTURES);
        }
      }
      return settings;
    }

    List<String> childArgs(String arch) {
      return List.of(
          "--steps",
          "" + steps,
          "--warmup",
          "" + warmup,
          "--every",
          "" + every,
          "--limit-mib",
          "" + limitMib,
          "--child",
          arch);
    }
  }

  /** One trainer's figures, in MiB. */
  private record Result(
      String arch, double warm, double end, double peak, double per100, double secondsPerStep) {

    String line() {
      return String.format(
          Locale.ROOT,
          RESULT + "%s %.1f %.1f %.1f %.2f %.3f",
          arch,
          warm,
          end,
          peak,
          per100,
          secondsPerStep);
    }

    static Result parse(String line) {
      String[] f = line.substring(RESULT.length()).trim().split(" ");
      return new Result(
          f[0],
          Double.parseDouble(f[1]),
          Double.parseDouble(f[2]),
          Double.parseDouble(f[3]),
          Double.parseDouble(f[4]),
          Double.parseDouble(f[5]));
    }
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    if (settings.child != null) {
      System.out.println(soak(settings.child, settings).line());
      return;
    }
    List<Result> results = new ArrayList<>();
    for (String arch : settings.architectures) {
      results.add(runChild(arch, settings));
    }
    System.out.printf(
        Locale.ROOT,
        "%n%-14s %12s %12s %12s %16s %10s%n",
        "trainer",
        "warm MiB",
        "end MiB",
        "peak MiB",
        "MiB/100 steps",
        "s/step");
    StringBuilder last = new StringBuilder("soak");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "%-14s %12.1f %12.1f %12.1f %16.2f %10.2f%n",
          r.arch,
          r.warm,
          r.end,
          r.peak,
          r.per100,
          r.secondsPerStep);
      last.append(String.format(Locale.ROOT, " %s=%.1f", r.arch, r.per100));
    }
    System.out.println(last);
  }

  /** Runs one trainer in a fresh JVM (so each starts from the same resident memory). */
  private static Result runChild(String arch, Settings settings)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx2g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SoakBenchmark.class.getName());
    command.addAll(settings.childArgs(arch));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Result result = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith(RESULT)) {
          result = Result.parse(line);
        } else if (line.startsWith(arch + " ")) {
          System.out.println(line);
        }
      }
    }
    int status = process.waitFor();
    if (status != 0 || result == null) {
      throw new IllegalStateException(arch + ": soak run failed with exit status " + status);
    }
    return result;
  }

  private static Result soak(String arch, Settings settings) throws IOException {
    Path dir = Files.createTempDirectory("soak-" + arch);
    TrainingStep trainer = trainer(arch, dir);
    NativeMemoryGuard guard = NativeMemoryGuard.withLimit(settings.limitMib << 20);
    List<double[]> samples = new ArrayList<>();
    double warm = 0;
    long peak = 0;
    long started = 0;
    for (int step = 0; step < settings.steps; step++) {
      if (step == settings.warmup) {
        started = System.nanoTime();
      }
      trainer.run(step);
      peak = Math.max(peak, ResidentMemory.bytes());
      guard.check();
      int done = step + 1;
      if (done % settings.every == 0 || done == settings.warmup) {
        double mib = ResidentMemory.settledBytes() / 1048576.0;
        System.out.printf(Locale.ROOT, "%s step %d settled %.1f MiB%n", arch, done, mib);
        if (done == settings.warmup) {
          warm = mib;
        }
        if (done >= settings.warmup) {
          samples.add(new double[] {done, mib});
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9 / (settings.steps - settings.warmup);
    double end = ResidentMemory.settledBytes() / 1048576.0;
    return new Result(arch, warm, end, peak / 1048576.0, 100 * slope(samples), seconds);
  }

  /** The least-squares slope of y over x. */
  private static double slope(List<double[]> points) {
    double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
    double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    for (double[] p : points) {
      sxy += (p[0] - mx) * (p[1] - my);
      sxx += (p[0] - mx) * (p[0] - mx);
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }

  static TrainingStep trainer(String arch, Path dir) {
    if (STAGE1.equals(arch)) {
      return TrainingStepBenchmark.distillation(OFFICIAL_CODE_SIZE, dir);
    }
    SmallTrainers trainers = TrainingStepBenchmark.demoTrainers(dir);
    return ModelFile.GPUNIT.equals(arch)
        ? trainers.gpUnit(
            TrainingStepBenchmark.distillation(OFFICIAL_CODE_SIZE, dir).contentEncoder())
        : trainers.baseline(arch);
  }
}

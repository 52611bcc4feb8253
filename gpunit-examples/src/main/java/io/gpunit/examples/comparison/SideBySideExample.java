package io.gpunit.examples.comparison;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.image.ImageGrid;
import io.gpunit.core.image.Images;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.examples.cli.GpunitCommand;
import io.gpunit.models.ModelFile;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.models.TranslationNetworks;
import io.gpunit.models.evaluation.Evaluation;
import io.gpunit.models.evaluation.EvaluationReport;
import io.gpunit.models.evaluation.EvaluationResult;
import io.gpunit.models.evaluation.SyntheticJudge;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * UNIT, CycleGAN, MUNIT and GP-UNIT trained side by side on the same synthetic pair (default CAT →
 * CAR, the classes whose shapes differ most), with the same data, batch, number of steps and seed,
 * then drawn in one figure and scored on the same held-out seeds.
 *
 * <p>What to look for: UNIT and CycleGAN (one shared latent space / cycle consistency) keep the
 * source silhouette and mostly change colours, so their source IoU is high and their content IoU
 * against the true car layout is low; MUNIT and GP-UNIT (content and style apart) can change the
 * shape; GP-UNIT's content code comes from stage-1 prior distillation, trained on same-latent
 * pairs, which is what tells it where a cat's head goes on a car. GP-UNIT starts from the bundled
 * stage-1 encoder, as the official project starts from its {@code content_encoder.pt}; {@code
 * -Dgpunit.stage1Steps=N} distils a new one first, inside GP-UNIT's budget.
 *
 * <p>Each model is trained by {@code gpunit train} in a JVM of its own: in one JVM, ND4J M2.1 did
 * not give back the native memory of one trainer before the next (four trainers in a row passed 23
 * GB, while each alone stays near the {@code NativeMemoryGuard} limit). {@code -Dgpunit.jobs=2}
 * trains two at a time with one native thread each: a step on 2 threads is barely faster than on
 * one at these sizes, so two jobs halve the wall time on 2 cores. {@code -Dgpunit.selectEvery=N}
 * keeps each model's best snapshot on the validation seed ({@code gpunit train --select-every}).
 * {@code -Dgpunit.reuse=true} keeps the models already in the output folder and trains only the
 * missing ones, so the figure can be redrawn, or a failed run finished, without an hour of training
 * again.
 *
 * <pre>
 * java -Dgpunit.steps=100 -cp gpunit-examples/target/gpunit.jar \
 *     io.gpunit.examples.comparison.SideBySideExample
 * </pre>
 *
 * Writes to {@code -Dgpunit.out} (default {@code comparison-out}): {@code side_by_side.png} (one
 * row of held-out sources, one of their ground truth — the same latent rendered in the target
 * class, what a perfect translation draws up to style — then one row of translations per model),
 * each model's folder from {@code gpunit train} (model, loss curves, previews) and {@code
 * evaluation.json}/{@code .csv}.
 */
public final class SideBySideExample {

  private static final List<String> ARCHITECTURES =
      List.of(ModelFile.UNIT, ModelFile.CYCLEGAN, ModelFile.MUNIT, ModelFile.GPUNIT);

  private SideBySideExample() {}

  public static void main(String[] args) throws Exception {
    long steps = Long.getLong("gpunit.steps", 100);
    long stage1Steps = Long.getLong("gpunit.stage1Steps", 0);
    long selectEvery = Long.getLong("gpunit.selectEvery", 0);
    int jobs = Integer.getInteger("gpunit.jobs", 1);
    boolean reuse = Boolean.getBoolean("gpunit.reuse");
    int size = Integer.getInteger("gpunit.size", 64);
    int batch = Integer.getInteger("gpunit.batch", 4);
    long seed = Long.getLong("gpunit.seed", 1);
    SyntheticClass a = SyntheticClass.valueOf(System.getProperty("gpunit.source", "CAT"));
    SyntheticClass b = SyntheticClass.valueOf(System.getProperty("gpunit.target", "CAR"));
    Path out = Files.createDirectories(Path.of(System.getProperty("gpunit.out", "comparison-out")));

    List<Path> models = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    List<Future<?>> runs = new ArrayList<>();
    for (String architecture : ARCHITECTURES) {
      Path dir = out.resolve(architecture);
      models.add(dir.resolve("model.safetensors"));
      if (reuse && Files.isRegularFile(dir.resolve("model.safetensors"))) {
        System.out.printf("%s: reusing %s%n", architecture, dir.resolve("model.safetensors"));
        continue;
      }
      List<String> trainArgs =
          List.of(
              "--arch",
              architecture,
              "--synthetic",
              a + "," + b,
              "--size",
              Integer.toString(size),
              "--steps",
              Long.toString(steps),
              "--stage1-steps",
              Long.toString(stage1Steps),
              "--select-every",
              Long.toString(selectEvery),
              "--batch",
              Integer.toString(batch),
              "--seed",
              Long.toString(seed),
              "--no-progress",
              "--out",
              dir.toString());
      runs.add(
          pool.submit(() -> train(architecture, trainArgs, jobs > 1, dir.resolve("train.log"))));
    }
    pool.shutdown();
    for (Future<?> run : runs) {
      run.get();
    }

    Evaluation evaluation =
        Evaluation.builder()
            .imageSize(size)
            .classes(a, b)
            .seed(20221)
            .images(64)
            .judge(SyntheticJudge.forImageSize(size, out))
            .build();
    INDArray sources = firstEight(evaluation.heldOut().content());
    List<EvaluationResult> results = new ArrayList<>();
    List<List<BufferedImage>> rows = new ArrayList<>();
    rows.add(Images.toImages(sources));
    rows.add(Images.toImages(firstEight(evaluation.heldOut().targets())));
    for (int i = 0; i < models.size(); i++) {
      try (TranslationNetwork network = TranslationNetworks.load(models.get(i))) {
        results.add(evaluation.evaluate(ARCHITECTURES.get(i), network));
        INDArray codes =
            network.isMultimodal()
                ? network.sampleStyles(1, new SplitMix64(seed)).repeat(0, 8)
                : null;
        rows.add(Images.toImages(network.translate(sources, codes)));
      }
    }
    ImageGrid.builder().build().writeRows(rows, out.resolve("side_by_side.png"));
    EvaluationReport report = new EvaluationReport(results);
    report.write(out);
    System.out.println(report.table());
    System.out.println(
        "rows of side_by_side.png: sources, their ground truth (the same layouts as "
            + b
            + "), then "
            + ARCHITECTURES);
  }

  private static INDArray firstEight(INDArray images) {
    return images.get(NDArrayIndex.interval(0, 8));
  }

  /**
   * Runs {@code gpunit train ARGS} in a child JVM with this one's classpath and heap limit, its
   * output in {@code log}, and prints the wall time.
   */
  private static Void train(String architecture, List<String> args, boolean oneThread, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + Runtime.getRuntime().maxMemory() / (1 << 20) + "m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(GpunitCommand.class.getName());
    command.add("train");
    command.addAll(args);
    Files.createDirectories(log.getParent());
    ProcessBuilder child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // The launcher's setting (see the gpunit script): steps after a collection stay fast.
    child.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
    if (oneThread) {
      child.environment().put("OMP_NUM_THREADS", "1");
    }
    long start = System.nanoTime();
    System.out.printf(Locale.ROOT, "%s: training (log: %s)%n", architecture, log);
    int exit = child.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          "gpunit train " + String.join(" ", args) + " exited " + exit + "; see " + log);
    }
    System.out.printf(
        Locale.ROOT, "%s: trained in %.1f min%n", architecture, (System.nanoTime() - start) / 6e10);
    return null;
  }
}

package io.gpunit.benchmarks;

import io.gpunit.core.memory.ResidentMemory;
import io.gpunit.models.training.loop.TrainingStep;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How much resident memory one training step needs above what the run holds between steps: for each
 * trainer of {@link SoakBenchmark}, it settles memory before a step ({@link
 * ResidentMemory#settledBytes()}: collections, then {@code malloc_trim}), resets the kernel's
 * high-water mark ({@code /proc/self/clear_refs}), runs the step and reads the high-water mark
 * ({@code VmHWM}). A run's peak can be no lower than settled + step, whatever the collection
 * policy.
 *
 * <pre>
 * MALLOC_ARENA_MAX=2 java -cp benchmarks/target/benchmarks.jar io.gpunit.benchmarks.StepMemoryProfile \
 *     [steps=6] [arch ...]
 * </pre>
 *
 * Linux only (it reads {@code /proc}).
 */
public final class StepMemoryProfile {

  private static final int WARMUP = 2;

  private StepMemoryProfile() {}

  public static void main(String[] args) throws IOException {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    List<String> archs =
        args.length > 1
            ? Arrays.asList(args).subList(1, args.length)
            : List.of("unit", "munit", "cyclegan", "gpunit", "gpunit_stage1");
    for (String arch : archs) {
      TrainingStep trainer =
          SoakBenchmark.trainer(arch, Files.createTempDirectory("profile-" + arch));
      double worstStep = 0;
      double settled = 0;
      for (int step = 0; step < WARMUP + steps; step++) {
        settled = ResidentMemory.settledBytes() / 1048576.0;
        ResidentMemory.resetPeak();
        trainer.run(step);
        double peak = ResidentMemory.peakBytes() / 1048576.0;
        if (step >= WARMUP) {
          worstStep = Math.max(worstStep, peak - settled);
          System.out.printf(
              Locale.ROOT,
              "%s step %d: settled %.1f MiB (Java heap committed %.1f), peak %.1f MiB, step +%.1f"
                  + " MiB%n",
              arch,
              step,
              settled,
              Runtime.getRuntime().totalMemory() / 1048576.0,
              peak,
              peak - settled);
        }
      }
      System.out.printf(
          Locale.ROOT, "profile %s settled=%.1f step=%.1f MiB%n", arch, settled, worstStep);
    }
  }
}

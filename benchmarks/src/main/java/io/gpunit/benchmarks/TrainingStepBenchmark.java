package io.gpunit.benchmarks;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.models.gpunit.stage1.PairBatchSource;
import io.gpunit.models.gpunit.stage1.PriorDistillationTrainer;
import io.gpunit.models.gpunit.stage1.PriorDistillationTrainerConfig;
import io.gpunit.models.recipes.SmallTrainers;
import io.gpunit.models.training.data.UnpairedBatches;
import io.gpunit.models.training.loop.NativeMemoryGuard;
import io.gpunit.models.training.loop.TrainingStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Seconds per training step of the demo's GP-UNIT (64² synthetic data, nf 8): a stage-1 step with 2
 * pairs (6 images) and a stage-2 step with batch 4 on CAT → CAR, at the official 8² content code
 * and at a 4² one ({@code codeSize}), which halves the resolution every stage-1 network and the
 * stage-2 content encoder work at (256² → 128²).
 *
 * <p>Run with {@code MALLOC_ARENA_MAX=2} in the environment, as the {@code gpunit} launcher sets
 * it: with glibc's default arenas the steps after a garbage collection run several times slower.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 20)
@Measurement(iterations = 3, time = 20)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class TrainingStepBenchmark {

  private static final SyntheticPrior PRIOR = SyntheticPrior.builder().size(64).build();
  private static final long SEED = 1;

  /** A trainer of {@code codeSize} whose steps the benchmark runs one after another. */
  @State(Scope.Benchmark)
  public abstract static class Trainer {
    @Param({"8", "4"})
    int codeSize;

    private final NativeMemoryGuard guard = NativeMemoryGuard.forTraining();
    private TrainingStep trainer;
    private long step;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      trainer = create(codeSize, Files.createTempDirectory("step-bench"));
    }

    abstract TrainingStep create(int codeSize, Path dir);

    Map<String, Double> next() {
      Map<String, Double> losses = trainer.run(step++);
      guard.check();
      return losses;
    }
  }

  /** Stage 1 at the demo's widths. */
  public static class Stage1 extends Trainer {
    @Override
    TrainingStep create(int codeSize, Path dir) {
      return distillation(codeSize, dir);
    }
  }

  /** Stage 2 on an untrained stage-1 encoder (its cost does not depend on training). */
  public static class Stage2 extends Trainer {
    @Override
    TrainingStep create(int codeSize, Path dir) {
      return demoTrainers(dir).gpUnit(distillation(codeSize, dir).contentEncoder());
    }
  }

  /** The demo's trainers: 64² synthetic CAT → CAR, batch 4, checkpoints under {@code dir}. */
  static SmallTrainers demoTrainers(Path dir) {
    return new SmallTrainers(
        UnpairedBatches.synthetic(PRIOR, SyntheticClass.CAT, SyntheticClass.CAR),
        4,
        SEED,
        dir.resolve("stage2.safetensors"),
        "CAT->CAR");
  }

  /** The demo's stage 1: nf 8, 2 pairs a step, a {@code codeSize}² content code. */
  static PriorDistillationTrainer distillation(int codeSize, Path dir) {
    return PriorDistillationTrainer.builder()
        .config(
            PriorDistillationTrainerConfig.builder()
                .nf(8)
                .codeSize(codeSize)
                .batchSize(2)
                .seed(SEED)
                .build())
        .data(PairBatchSource.synthetic(PRIOR))
        .checkpoint(dir.resolve("stage1.safetensors"))
        .build();
  }

  @Benchmark
  public Map<String, Double> stage1Step(Stage1 s) {
    return s.next();
  }

  @Benchmark
  public Map<String, Double> stage2Step(Stage2 s) {
    return s.next();
  }
}

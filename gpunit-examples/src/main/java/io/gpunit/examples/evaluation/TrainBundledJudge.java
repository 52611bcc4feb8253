package io.gpunit.examples.evaluation;

import io.gpunit.models.evaluation.JudgeConfig;
import io.gpunit.models.evaluation.JudgeQuality;
import io.gpunit.models.evaluation.SyntheticJudge;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Remakes the synthetic judge that ships in {@code gpunit-models} (the referee of {@code gpunit
 * evaluate}, the demo and the side-by-side example at 64²): trains it with {@link
 * JudgeConfig#bundled()}, prints its quality on held-out renders and writes it.
 *
 * <pre>
 * java -cp gpunit-examples/target/gpunit.jar io.gpunit.examples.evaluation.TrainBundledJudge \
 *     gpunit-models/src/main/resources/io/gpunit/models/evaluation/synthetic-judge-64.safetensors
 * </pre>
 *
 * The judge is deterministic from its config, so running this again gives the same file.
 */
public final class TrainBundledJudge {

  private TrainBundledJudge() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: TrainBundledJudge OUT.safetensors");
      System.exit(2);
    }
    long start = System.nanoTime();
    SyntheticJudge judge = SyntheticJudge.train(JudgeConfig.bundled());
    double seconds = (System.nanoTime() - start) / 1e9;
    JudgeQuality quality = judge.quality();
    judge.save(Path.of(args[0]));
    System.out.printf(
        Locale.ROOT,
        "trained in %.0f s; on %d held-out renders: class accuracy %.4f, mask IoU %.4f; wrote %s%n",
        seconds,
        SyntheticJudge.QUALITY_IMAGES,
        quality.accuracy(),
        quality.maskIou(),
        args[0]);
  }
}

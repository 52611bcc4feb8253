package io.gpunit.examples.reversal;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.models.training.loop.LossCurvePlot;
import io.gpunit.models.training.loop.LossHistory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gradient reversal, the trick GP-UNIT's stage 1 uses to make content codes class-agnostic, shown
 * on its own (see {@link ReversalExperiment} for the network and the equations). Cats and dogs of
 * the synthetic prior are the two domains; the task is to find the object's centroid, which does
 * not depend on the domain. The same network is trained twice from the same seed on the same
 * batches: with reversal (λ = 1) and without (λ = 0: the domain classifier learns, but its gradient
 * never reaches the features). On a held-out batch it prints, every few steps, the domain
 * classifier's accuracy in both runs and the task's error, and it writes both accuracy curves to
 * {@code gradient_reversal.png}: without reversal the classifier tells cats from dogs; with
 * reversal the features stop carrying the domain, the classifier falls towards chance (0.5) and the
 * centroid is found just as well.
 *
 * <pre>
 * mvn -B -q -pl gpunit-examples -am package -DskipTests
 * java -cp gpunit-examples/target/gpunit.jar io.gpunit.examples.reversal.GradientReversalExample
 * </pre>
 *
 * Options: {@code -Dgpunit.steps=480 -Dgpunit.seed=1 -Dgpunit.lr=2e-3
 * -Dgpunit.out=gradient-reversal-out}. Native ops run on one thread ({@link NativeThreads}): with
 * tensors this small that is faster.
 */
public final class GradientReversalExample {

  private GradientReversalExample() {}

  public static void main(String[] args) {
    NativeThreads.useOne();
    long steps = Long.getLong("gpunit.steps", 480);
    ReversalExperiment.Config config =
        ReversalExperiment.Config.builder()
            .steps(steps)
            .evalEvery(Math.max(1, steps / 24))
            .seed(Long.getLong("gpunit.seed", 1))
            .lr(Double.parseDouble(System.getProperty("gpunit.lr", "2e-3")))
            .build();
    Path out = Path.of(System.getProperty("gpunit.out", "gradient-reversal-out"));
    ReversalExperiment experiment =
        new ReversalExperiment(config, SyntheticClass.CAT, SyntheticClass.DOG);
    System.out.printf(
        Locale.ROOT,
        "cat (domain 0) vs dog (domain 1), %dx%d, %d steps of %d images; held out: %d images,"
            + " centroid variance %.4f (the task error of always guessing the mean)%n",
        config.imageSize(),
        config.imageSize(),
        config.steps(),
        2 * config.batchPerDomain(),
        experiment.heldOut().size(),
        experiment.heldOut().centroidVariance());

    long start = System.nanoTime();
    List<ReversalExperiment.Evaluation> reversed = experiment.run(1.0);
    List<ReversalExperiment.Evaluation> plain = experiment.run(0.0);
    double seconds = (System.nanoTime() - start) / 1e9;

    System.out.printf(
        Locale.ROOT,
        "%n%6s  %14s  %14s  %14s  %14s%n",
        "step",
        "acc λ=1",
        "acc λ=0",
        "task mse λ=1",
        "task mse λ=0");
    LossHistory history = new LossHistory();
    for (int i = 0; i < reversed.size(); i++) {
      ReversalExperiment.Evaluation r = reversed.get(i);
      ReversalExperiment.Evaluation p = plain.get(i);
      System.out.printf(
          Locale.ROOT,
          "%6d  %14.3f  %14.3f  %14.4f  %14.4f%n",
          r.step(),
          r.domainAccuracy(),
          p.domainAccuracy(),
          r.taskLoss(),
          p.taskLoss());
      Map<String, Double> row = new LinkedHashMap<>();
      row.put("accuracy, λ=1", r.domainAccuracy());
      row.put("accuracy, λ=0", p.domainAccuracy());
      row.put("chance", 0.5);
      row.put("task mse, λ=1", r.taskLoss());
      history.record(r.step(), row);
    }
    Path png = out.resolve("gradient_reversal.png");
    LossCurvePlot.builder()
        .title("held-out domain accuracy (cat vs dog) with and without gradient reversal")
        .build()
        .write(history, png);
    System.out.printf(Locale.ROOT, "%nboth runs took %.1f s; wrote %s%n", seconds, png);
  }
}

package io.gpunit.examples.reversal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.data.synthetic.SyntheticClass;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A shortened run of the example: the mechanism, not the figures the full run prints. */
class ReversalExperimentTest {

  private static final long STEPS = 80;

  @BeforeAll
  static void oneNativeThread() {
    NativeThreads.useOne();
  }

  @Test
  void reversalLowersTheHeldOutDomainAccuracyWhileTheTaskIsLearned() {
    ReversalExperiment experiment =
        new ReversalExperiment(
            ReversalExperiment.Config.builder()
                .steps(STEPS)
                .evalEvery(STEPS / 4)
                .batchPerDomain(8)
                .heldOutPerDomain(64)
                .build(),
            SyntheticClass.CAT,
            SyntheticClass.DOG);

    List<ReversalExperiment.Evaluation> reversed = experiment.run(1.0);
    List<ReversalExperiment.Evaluation> plain = experiment.run(0.0);

    assertThat(reversed).hasSize(5);
    assertThat(reversed.get(4).step()).isEqualTo(STEPS);
    // Same seed, same initial weights: identical before the first step.
    assertThat(reversed.get(0)).isEqualTo(plain.get(0));
    assertThat(last(reversed).domainAccuracy()).isLessThan(last(plain).domainAccuracy());
    assertThat(last(reversed).taskLoss()).isLessThan(reversed.get(0).taskLoss());
    assertThat(last(plain).taskLoss()).isLessThan(plain.get(0).taskLoss());
  }

  private static ReversalExperiment.Evaluation last(List<ReversalExperiment.Evaluation> e) {
    return e.get(e.size() - 1);
  }
}

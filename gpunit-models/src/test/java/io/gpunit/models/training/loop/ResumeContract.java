package io.gpunit.models.training.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.models.training.ModelTrainer;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every {@link ModelTrainer}'s checkpoint promises: a run interrupted after one step and
 * resumed by a new trainer from its checkpoint ends with exactly the weights of a straight two-step
 * run.
 */
public final class ResumeContract {

  private ResumeContract() {}

  /**
   * @param trainerAt a fresh trainer (same config and data every time) checkpointing to the path
   * @param weights the trained weights to compare, e.g. the generators'
   */
  public static <T extends ModelTrainer> void assertResumedRunMatchesStraightRun(
      Path dir, Function<Path, T> trainerAt, Function<T, Map<String, INDArray>> weights) {
    T straight = trainerAt.apply(dir.resolve("straight"));
    straight.loop(TrainingSchedule.of(2)).build().run(0);

    Path checkpoint = dir.resolve("interrupted");
    trainerAt.apply(checkpoint).loop(TrainingSchedule.of(1)).build().run(0);
    T resumed = trainerAt.apply(checkpoint);
    long start = resumed.resume();
    assertThat(start).isEqualTo(1);
    resumed.loop(TrainingSchedule.of(2)).build().run(start);

    Map<String, INDArray> expected = weights.apply(straight);
    Map<String, INDArray> actual = weights.apply(resumed);
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((name, value) -> assertThat(actual.get(name)).as(name).isEqualTo(value));
  }
}

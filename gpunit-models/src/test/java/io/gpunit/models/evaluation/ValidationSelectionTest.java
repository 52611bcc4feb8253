package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.models.training.ModelTrainer;
import io.gpunit.models.training.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ValidationSelectionTest {

  @TempDir Path dir;

  /** A trainer whose "model file" names the step it was saved after. */
  private static final class StepTrainer implements ModelTrainer {
    long step;
    int finished;

    @Override
    public Map<String, Double> run(long s) {
      step = s + 1;
      return Map.of();
    }

    @Override
    public TrainingRun trainingRun() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String architecture() {
      return "test";
    }

    @Override
    public Map<String, INDArray> modelWeights() {
      return Map.of();
    }

    @Override
    public void finish() {
      finished++;
    }

    @Override
    public void saveModel(Path file) {
      try {
        Files.writeString(file, Long.toString(step));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Scores by a table of (IoU, accuracy) per step. */
  private static EvaluationResult scoreOf(Path model, Map<Long, double[]> table) {
    try {
      double[] s = table.get(Long.parseLong(Files.readString(model)));
      return new EvaluationResult("m", "test", "A->B", s[0], 0, 0, s[1], 0, 0, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void runSteps(
      ValidationSelection selection, StepTrainer trainer, long steps, boolean stopped) {
    for (long s = 0; s < steps; s++) {
      trainer.run(s);
      selection.onStep(s + 1, Map.of());
    }
    selection.onEnd(steps, stopped);
  }

  @Test
  void keepsTheSnapshotWithTheHighestIouPlusAccuracyAndScoresTheLastStepToo() throws Exception {
    Map<Long, double[]> table =
        Map.of(
            4L, new double[] {0.5, 0.1},
            6L, new double[] {0.6, 0.9}, // best: 1.5
            8L, new double[] {0.7, 0.7}, // 1.4
            9L, new double[] {0.2, 0.2});
    StepTrainer trainer = new StepTrainer();
    Path best = dir.resolve("model.safetensors");
    List<Long> told = new ArrayList<>();
    ValidationSelection selection =
        new ValidationSelection(
            trainer, m -> scoreOf(m, table), best, List.of(4L, 6L, 8L), c -> told.add(c.step()));

    runSteps(selection, trainer, 9, false);

    assertThat(told).containsExactly(4L, 6L, 8L, 9L);
    assertThat(selection.best()).isPresent();
    assertThat(selection.best().get().step()).isEqualTo(6);
    assertThat(selection.best().get().score()).isCloseTo(1.5, within(1e-12));
    assertThat(Files.readString(best)).isEqualTo("6");
    assertThat(trainer.finished).isEqualTo(4);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(best);
    }
  }

  @Test
  void aStoppedRunIsNotScoredAgainAtItsEndAndALastScoredStepNotTwice() {
    Map<Long, double[]> table = Map.of(2L, new double[] {0.5, 0.5}, 4L, new double[] {0.1, 0.1});
    List<Long> told = new ArrayList<>();
    StepTrainer trainer = new StepTrainer();
    ValidationSelection stopped = everySecondOfFour(trainer, table, dir.resolve("a"), told);
    runSteps(stopped, trainer, 3, true);
    assertThat(told).containsExactly(2L);

    told.clear();
    StepTrainer second = new StepTrainer();
    ValidationSelection finished = everySecondOfFour(second, table, dir.resolve("b"), told);
    runSteps(finished, second, 4, false);
    assertThat(told).containsExactly(2L, 4L);
    assertThat(finished.best().get().step()).isEqualTo(2);
  }

  /**
   * Selection at steps 2 and 4 (and the end), scored from {@code table}, steps told to {@code
   * told}.
   */
  private static ValidationSelection everySecondOfFour(
      StepTrainer trainer, Map<Long, double[]> table, Path best, List<Long> told) {
    return new ValidationSelection(
        trainer,
        m -> scoreOf(m, table),
        best,
        ValidationSelection.every(2, 4),
        c -> told.add(c.step()));
  }

  @Test
  void spreadsItsStepsOverTheSecondHalfOrEveryNthStep() {
    assertThat(ValidationSelection.secondHalf(250, 5))
        .containsExactly(125L, 156L, 188L, 219L, 250L);
    assertThat(ValidationSelection.secondHalf(3, 5)).containsExactly(2L, 3L);
    assertThat(ValidationSelection.every(100, 250)).containsExactly(100L, 200L, 250L);
    assertThat(ValidationSelection.every(50, 100)).containsExactly(50L, 100L);
  }
}

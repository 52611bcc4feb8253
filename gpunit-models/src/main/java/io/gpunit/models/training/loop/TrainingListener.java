package io.gpunit.models.training.loop;

import io.gpunit.models.training.checkpoint.CheckpointStore;
import java.util.Map;

/**
 * Observes a {@link TrainingLoop}: progress display, sample grids, loss plots. Steps are counted as
 * completed steps (1 after the first). A listener must not change the training state; whatever it
 * draws (e.g. a sample's noise) it derives from the run's seed and the step.
 */
public interface TrainingListener {

  /**
   * Before the first step of this run; {@code startStep} is 0, or the resumed checkpoint's step.
   */
  default void onStart(long startStep, TrainingSchedule schedule) {}

  default void onStep(long step, Map<String, Double> losses) {}

  /** When the schedule asks for samples. */
  default void onSample(long step) {}

  /** After a checkpoint has been written. */
  default void onCheckpoint(long step, CheckpointStore store) {}

  /** After the last step, when stopped early ({@code stopped}), or after a step failed. */
  default void onEnd(long step, boolean stopped) {}
}

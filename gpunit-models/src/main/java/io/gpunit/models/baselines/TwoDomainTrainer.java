package io.gpunit.models.baselines;

import io.gpunit.models.training.Checkpointer;
import io.gpunit.models.training.LossHistory;
import io.gpunit.models.training.ModelTrainer;
import io.gpunit.models.training.TrainingLoop;
import io.gpunit.models.training.TrainingSchedule;

/**
 * A {@link ModelTrainer} whose run state is a {@link TwoDomainRun} (UNIT, MUNIT): its history,
 * checkpoint, resume and loop are the run's, so each trainer holds only its networks and losses.
 */
public interface TwoDomainTrainer extends ModelTrainer {

  /** The run state: updates, data, per-step randomness, history and checkpoint. */
  TwoDomainRun twoDomainRun();

  @Override
  default LossHistory history() {
    return twoDomainRun().history();
  }

  default Checkpointer checkpointer() {
    return twoDomainRun().checkpointer();
  }

  /** Restores the stored checkpoint into both graphs; returns the step to continue from. */
  @Override
  default long resume() {
    return twoDomainRun().resume();
  }

  /** A loop over this trainer with its history and checkpoints; add listeners and a stop signal. */
  @Override
  default TrainingLoop.Builder loop(TrainingSchedule schedule) {
    return twoDomainRun().loop(this, schedule);
  }
}

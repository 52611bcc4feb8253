package io.gpunit.models.training.loop;

import com.google.common.base.Preconditions;

/**
 * How long to train and when to checkpoint and draw samples, counted in completed steps: a
 * checkpoint after every {@code checkpointEvery} steps and after the last, samples after the first
 * step, every {@code sampleEvery} steps and after the last (as GP-UNIT's training scripts do). An
 * interval of 0 turns the periodic event off.
 */
public record TrainingSchedule(long iterations, long checkpointEvery, long sampleEvery) {

  public TrainingSchedule {
    Preconditions.checkArgument(iterations >= 0, "iterations must be >= 0, got %s", iterations);
    Preconditions.checkArgument(
        checkpointEvery >= 0, "checkpointEvery must be >= 0, got %s", checkpointEvery);
    Preconditions.checkArgument(sampleEvery >= 0, "sampleEvery must be >= 0, got %s", sampleEvery);
  }

  public static TrainingSchedule of(long iterations) {
    return new TrainingSchedule(iterations, 0, 0);
  }

  public TrainingSchedule withCheckpointEvery(long every) {
    return new TrainingSchedule(iterations, every, sampleEvery);
  }

  public TrainingSchedule withSampleEvery(long every) {
    return new TrainingSchedule(iterations, checkpointEvery, every);
  }

  /** Whether a checkpoint is written once {@code done} steps are complete. */
  public boolean isCheckpointStep(long done) {
    return done == iterations || (checkpointEvery > 0 && done % checkpointEvery == 0);
  }

  /** Whether samples are drawn once {@code done} steps are complete. */
  public boolean isSampleStep(long done) {
    return sampleEvery > 0 && (done == 1 || done == iterations || done % sampleEvery == 0);
  }
}

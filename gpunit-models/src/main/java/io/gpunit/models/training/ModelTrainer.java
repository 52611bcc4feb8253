package io.gpunit.models.training;

import java.nio.file.Path;

/**
 * A trainer whose result is a translation model file (GP-UNIT stage 2, UNIT, CycleGAN, MUNIT): what
 * the demo, {@code gpunit train} and the side-by-side comparison drive without knowing which.
 */
public interface ModelTrainer extends TrainingStep {

  /** The loss terms recorded so far (a checkpoint part). */
  LossHistory history();

  /** Restores the checkpoint, if any, and returns the number of steps it had completed (or 0). */
  long resume();

  /** A loop over this trainer with its history and checkpointer wired in. */
  TrainingLoop.Builder loop(TrainingSchedule schedule);

  /**
   * Writes the trained A → B model, loadable by {@code TranslationNetworks.load} and {@code
   * Translator}, atomically (temporary file, then rename).
   */
  void saveModel(Path file);
}

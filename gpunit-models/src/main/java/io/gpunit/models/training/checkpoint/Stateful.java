package io.gpunit.models.training.checkpoint;

/**
 * A part of a trainer whose state a checkpoint must hold for a resumed run to continue exactly:
 * network variables, an optimiser, an EMA copy, the loss history, the random generator.
 */
public interface Stateful {

  /** Adds this part's state (copies, not live arrays) under this part's own names. */
  void saveTo(Checkpoint.Builder checkpoint);

  /**
   * Restores this part's state from {@code checkpoint}, in place; anything missing or of the wrong
   * shape is an error naming it.
   */
  void loadFrom(Checkpoint checkpoint);
}

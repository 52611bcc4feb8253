package io.gpunit.models.training.random;

import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.training.checkpoint.Checkpoint;
import io.gpunit.models.training.checkpoint.Stateful;

/**
 * The randomness of a training run. Per-step draws (noise fed to the graph, augmentation, the data
 * sample of step {@code t}) come from {@link #forStep}, a generator derived from (seed, step,
 * purpose) alone, so a run resumed at step {@code t} draws exactly what the uninterrupted run drew.
 * {@link #sequential()} is a generator that advances across steps for anything that cannot be keyed
 * by step; its state is saved in the checkpoint.
 */
public final class TrainingRandom implements Stateful {

  static final String SEED_KEY = "gpunit.rng.seed";
  static final String STATE_KEY = "gpunit.rng.state";

  private final long seed;
  private final SplitMix64 sequential;

  public TrainingRandom(long seed) {
    this.seed = seed;
    this.sequential = SplitMix64.derive(seed, SplitMix64.key("sequential"));
  }

  public long seed() {
    return seed;
  }

  /** The generator for {@code purpose} in step {@code step} (0-based), the same on every run. */
  public SplitMix64 forStep(long step, String purpose) {
    return SplitMix64.derive(seed, step, SplitMix64.key(purpose));
  }

  /** The run's sequential generator (its state is part of the checkpoint). */
  public SplitMix64 sequential() {
    return sequential;
  }

  @Override
  public void saveTo(Checkpoint.Builder checkpoint) {
    checkpoint.metadata(SEED_KEY, Long.toString(seed));
    checkpoint.metadata(STATE_KEY, Long.toString(sequential.state()));
  }

  @Override
  public void loadFrom(Checkpoint checkpoint) {
    long stored = Long.parseLong(checkpoint.metadata(SEED_KEY));
    if (stored != seed) {
      throw new IllegalStateException(
          "checkpoint was trained with seed "
              + stored
              + ", this run has seed "
              + seed
              + ": resuming would not reproduce the run");
    }
    sequential.setState(Long.parseLong(checkpoint.metadata(STATE_KEY)));
  }
}

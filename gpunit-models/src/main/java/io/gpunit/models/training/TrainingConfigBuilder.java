package io.gpunit.models.training;

import com.google.common.base.Preconditions;
import io.gpunit.models.training.optim.AdamConfig;

/**
 * What every trainer's configuration builder sets alike: the batch size, the Adam settings its
 * optimisers share and the seed of the run's randomness. A configuration's own builder extends it
 * with its widths and loss weights and passes its official batch size and Adam settings here.
 *
 * @param <B> the builder itself
 */
public abstract class TrainingConfigBuilder<B extends TrainingConfigBuilder<B>> {
  protected int batchSize;
  protected AdamConfig adam;
  protected long seed;

  protected TrainingConfigBuilder(int batchSize, AdamConfig adam) {
    this.batchSize = batchSize;
    this.adam = Preconditions.checkNotNull(adam, "adam");
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Images per domain (or pairs, in stage 1) per step. */
  public B batchSize(int v) {
    batchSize = v;
    return self();
  }

  /** The Adam settings of every optimiser of the trainer. */
  public B adam(AdamConfig v) {
    adam = Preconditions.checkNotNull(v, "adam");
    return self();
  }

  /** Only Adam's learning rate; the other settings stay. */
  public B lr(double v) {
    adam = adam.toBuilder().lr(v).build();
    return self();
  }

  /** Only Adam's (coupled, PyTorch-style) weight decay; the other settings stay. */
  public B weightDecay(double v) {
    adam = adam.toBuilder().weightDecay(v).build();
    return self();
  }

  /** The seed of every random draw (initialisation, data, noise); 0 by default. */
  public B seed(long v) {
    seed = v;
    return self();
  }
}

package io.gpunit.core.data;

import com.google.common.base.Preconditions;
import io.gpunit.core.image.AlphaPolicy;

/**
 * The loading options shared by the folder-backed sources. Defaults: batch 8, the official
 * augmentation, seed 0, 2 batches of prefetch, alpha composited over white.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class FolderSourceBuilder<B extends FolderSourceBuilder<B>> {

  int batchSize = 8;
  Augmentation augmentation = Augmentation.official();
  long seed;
  int prefetch = 2;
  AlphaPolicy alpha = AlphaPolicy.overWhite();

  abstract B self();

  public B batchSize(int batchSize) {
    Preconditions.checkArgument(batchSize > 0, "batch size must be positive, got %s", batchSize);
    this.batchSize = batchSize;
    return self();
  }

  public B augmentation(Augmentation augmentation) {
    this.augmentation = Preconditions.checkNotNull(augmentation, "augmentation");
    return self();
  }

  /** Seeds shuffling, pairing and augmentation. */
  public B seed(long seed) {
    this.seed = seed;
    return self();
  }

  /** Batches prepared ahead on a background thread; 0 loads on the caller's thread. */
  public B prefetch(int batches) {
    Preconditions.checkArgument(batches >= 0, "prefetch must be >= 0, got %s", batches);
    this.prefetch = batches;
    return self();
  }

  public B alpha(AlphaPolicy alpha) {
    this.alpha = Preconditions.checkNotNull(alpha, "alpha");
    return self();
  }
}

package io.gpunit.core.data.synthetic;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.data.TwoDomainSource;
import io.gpunit.core.image.FloatImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Endless two-domain batches rendered on the caller's thread (rendering 64x64 is faster than
 * loading a photo, so no prefetch thread). Paired: one latent per index for both domains; unpaired:
 * one latent per image.
 */
final class SyntheticSource implements TwoDomainSource {

  private final SyntheticPrior prior;
  private final SyntheticClass classA;
  private final SyntheticClass classB;
  private final int batchSize;
  private final boolean paired;
  private final Random random;

  SyntheticSource(
      SyntheticPrior prior,
      SyntheticClass a,
      SyntheticClass b,
      int batchSize,
      long seed,
      boolean paired) {
    Preconditions.checkArgument(batchSize > 0, "batch size must be positive, got %s", batchSize);
    this.prior = prior;
    this.classA = a;
    this.classB = b;
    this.batchSize = batchSize;
    this.paired = paired;
    this.random = new Random(seed);
  }

  @Override
  public TwoDomainBatch next() {
    List<FloatImage> as = new ArrayList<>(batchSize);
    List<FloatImage> bs = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      Latent za = prior.sampleLatent(random);
      Latent zb = paired ? za : prior.sampleLatent(random);
      as.add(prior.render(za, classA, random.nextLong()).image());
      bs.add(prior.render(zb, classB, random.nextLong()).image());
    }
    return new TwoDomainBatch(FloatImage.stack(as), FloatImage.stack(bs));
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public int imageSize() {
    return prior.size();
  }

  /** Synthetic data has no epochs; one "epoch" is a thousand batches for progress reporting. */
  @Override
  public long batchesPerEpoch() {
    return 1000;
  }
}

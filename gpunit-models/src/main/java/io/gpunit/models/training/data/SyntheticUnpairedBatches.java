package io.gpunit.models.training.data;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.random.SplitMix64;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link UnpairedBatches#synthetic}: two classes of the synthetic prior. */
final class SyntheticUnpairedBatches implements UnpairedBatches {

  private final SyntheticPrior prior;
  private final SyntheticClass a;
  private final SyntheticClass b;

  SyntheticUnpairedBatches(SyntheticPrior prior, SyntheticClass a, SyntheticClass b) {
    this.prior = Objects.requireNonNull(prior, "prior");
    this.a = Objects.requireNonNull(a, "a");
    this.b = Objects.requireNonNull(b, "b");
    Preconditions.checkArgument(
        prior.classes().contains(a) && prior.classes().contains(b),
        "classes %s and %s must both be among the prior's classes %s",
        a,
        b,
        prior.classes());
  }

  @Override
  public int imageSize() {
    return prior.size();
  }

  @Override
  public TwoDomainBatch batch(int size, SplitMix64 random) {
    Preconditions.checkArgument(size > 0, "batch size must be positive, got %s", size);
    Random latents = new Random(random.nextLong());
    return new TwoDomainBatch(render(a, size, latents, random), render(b, size, latents, random));
  }

  private INDArray render(SyntheticClass klass, int size, Random latents, SplitMix64 random) {
    List<FloatImage> images = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      images.add(prior.render(prior.sampleLatent(latents), klass, random.nextLong()).image());
    }
    return FloatImage.stack(images);
  }

  @Override
  public String toString() {
    return "synthetic[" + a + " -> " + b + "]@" + prior.size();
  }
}

package io.gpunit.models.gpunit.stage1;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.synthetic.Latent;
import io.gpunit.core.data.synthetic.Sample;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.random.SplitMix64;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Stage-1 batches rendered by the synthetic prior ({@link PairBatchSource#synthetic}). */
final class SyntheticPairBatches implements PairBatchSource {
  private final SyntheticPrior prior;
  private final List<SyntheticClass> classes;

  SyntheticPairBatches(SyntheticPrior prior) {
    this.prior = Objects.requireNonNull(prior, "prior");
    this.classes = new ArrayList<>(prior.classes());
    Preconditions.checkArgument(
        classes.size() >= 2, "pairs need at least two classes, the prior has %s", classes);
  }

  @Override
  public int classes() {
    return classes.size();
  }

  @Override
  public int imageSize() {
    return prior.size();
  }

  @Override
  public PairBatch batch(int pairs, SplitMix64 random) {
    Random latents = new Random(random.nextLong());
    int n = 3 * pairs;
    List<INDArray> images = new ArrayList<>(n);
    List<INDArray> masks = new ArrayList<>(n);
    int[] labels = new int[n];
    for (int i = 0; i < pairs; i++) {
      int k = random.nextInt(classes.size());
      add(
          prior.render(prior.sampleLatent(latents), classes.get(k), random.nextLong()),
          images,
          masks);
      labels[i] = k;
    }
    List<INDArray> sideB = new ArrayList<>(pairs);
    List<INDArray> masksB = new ArrayList<>(pairs);
    for (int i = 0; i < pairs; i++) {
      int ka = random.nextInt(classes.size());
      int kb = (ka + 1 + random.nextInt(classes.size() - 1)) % classes.size();
      Latent z = prior.sampleLatent(latents);
      add(prior.render(z, classes.get(ka), random.nextLong()), images, masks);
      add(prior.render(z, classes.get(kb), random.nextLong()), sideB, masksB);
      labels[pairs + i] = ka;
      labels[2 * pairs + i] = kb;
    }
    images.addAll(sideB);
    masks.addAll(masksB);
    return new PairBatch(
        Nd4j.concat(0, images.toArray(INDArray[]::new)),
        Nd4j.concat(0, masks.toArray(INDArray[]::new)),
        labels);
  }

  private static void add(Sample sample, List<INDArray> images, List<INDArray> masks) {
    images.add(sample.imageTensor().reshape(1, 3, sample.image().height(), sample.image().width()));
    masks.add(sample.maskTensor().reshape(1, 1, sample.mask().height(), sample.mask().width()));
  }

  @Override
  public String toString() {
    return "synthetic" + classes + "@" + prior.size();
  }
}

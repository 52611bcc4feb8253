package io.gpunit.examples.reversal;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.synthetic.Sample;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.random.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch of images from two domains (two classes of the synthetic prior) with a task target that
 * does not depend on the domain: the centroid of the object's instance mask. Both domains draw
 * their latents from the same distribution, so object positions are alike in both and a network can
 * predict the centroid equally well without knowing which domain an image came from.
 *
 * @param images [N, 3, S, S] in [-1, 1]; the first half is domain 0, the second half domain 1
 * @param centroids [N, 2]: the mask centroid (x, y) mapped from pixel coordinates to [-1, 1]
 * @param domains [N, 2] one-hot domain labels
 */
public record DomainImages(INDArray images, INDArray centroids, INDArray domains) {

  public DomainImages {
    long n = images.size(0);
    Preconditions.checkArgument(
        images.rank() == 4 && centroids.rank() == 2 && domains.rank() == 2,
        "images must be [N, 3, S, S], centroids [N, 2], domains [N, 2]; got %s, %s, %s",
        Arrays.toString(images.shape()),
        Arrays.toString(centroids.shape()),
        Arrays.toString(domains.shape()));
    Preconditions.checkArgument(
        centroids.size(0) == n && domains.size(0) == n,
        "%s images but %s centroids and %s domain labels",
        n,
        centroids.size(0),
        domains.size(0));
  }

  /**
   * {@code perDomain} renders of class {@code a} (domain 0), then {@code perDomain} of class {@code
   * b} (domain 1), each from its own latent and style seed, all drawn from {@code random}.
   */
  public static DomainImages render(
      SyntheticPrior prior, SyntheticClass a, SyntheticClass b, int perDomain, SplitMix64 random) {
    Preconditions.checkArgument(perDomain > 0, "perDomain must be positive, got %s", perDomain);
    Preconditions.checkArgument(
        a != b, "the two domains must be different classes, got %s twice", a);
    Random latents = new Random(random.nextLong());
    int n = 2 * perDomain;
    List<FloatImage> images = new ArrayList<>(n);
    float[] centroids = new float[2 * n];
    float[] domains = new float[2 * n];
    for (int i = 0; i < n; i++) {
      int domain = i < perDomain ? 0 : 1;
      Sample sample =
          prior.render(prior.sampleLatent(latents), domain == 0 ? a : b, random.nextLong());
      images.add(sample.image());
      double[] c = centroid(sample.mask());
      centroids[2 * i] = (float) c[0];
      centroids[2 * i + 1] = (float) c[1];
      domains[2 * i + domain] = 1f;
    }
    return new DomainImages(
        FloatImage.stack(images),
        Nd4j.create(centroids, new long[] {n, 2}, 'c'),
        Nd4j.create(domains, new long[] {n, 2}, 'c'));
  }

  /**
   * The centroid of a [1, H, W] mask, with pixel (x, y) at its centre (x + ½, y + ½), mapped to
   * [-1, 1]: {@code u = 2·Σ m·(x + ½) / (W·Σ m) − 1}, likewise v with y and H. An empty mask (the
   * object left the frame) has no centroid; it is given the image centre (0, 0).
   */
  public static double[] centroid(FloatImage mask) {
    Preconditions.checkArgument(
        mask.channels() == 1, "a mask has one channel, got %s", mask.channels());
    double sum = 0;
    double sumX = 0;
    double sumY = 0;
    for (int y = 0; y < mask.height(); y++) {
      for (int x = 0; x < mask.width(); x++) {
        double m = mask.get(0, y, x);
        sum += m;
        sumX += m * (x + 0.5);
        sumY += m * (y + 0.5);
      }
    }
    if (sum == 0) {
      return new double[] {0, 0};
    }
    return new double[] {2 * sumX / (sum * mask.width()) - 1, 2 * sumY / (sum * mask.height()) - 1};
  }

  public int size() {
    return (int) images.size(0);
  }

  /** The domain (0 or 1) of image {@code i}. */
  public int domain(int i) {
    return domains.getFloat(i, 1) > 0.5f ? 1 : 0;
  }

  /**
   * The mean squared error of always predicting the mean centroid: what "learned nothing" scores.
   */
  public double centroidVariance() {
    INDArray c = centroids.castTo(DataType.DOUBLE);
    INDArray centred = c.subRowVector(c.mean(0));
    return centred.mul(centred).meanNumber().doubleValue();
  }
}

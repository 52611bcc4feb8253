package io.gpunit.models.training.data;

import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.training.random.RandomArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Two toy domains for trainer tests: images of one flat colour plus small noise, colour {@link #A}
 * (reddish) in domain A and {@link #B} (bluish) in domain B, so a translation's mean colour says
 * which domain it looks like.
 */
public final class FlatColourDomains implements UnpairedBatches {

  public static final double[] A = {0.6, -0.4, -0.5};
  public static final double[] B = {-0.5, -0.3, 0.6};
  private static final double NOISE = 0.1;

  private final int size;

  public FlatColourDomains(int size) {
    this.size = size;
  }

  @Override
  public int imageSize() {
    return size;
  }

  @Override
  public TwoDomainBatch batch(int n, SplitMix64 random) {
    return new TwoDomainBatch(images(A, n, random), images(B, n, random));
  }

  /** {@code n} images of {@code colour} with Gaussian noise of std 0.1, clipped to [-1, 1]. */
  public INDArray images(double[] colour, int n, SplitMix64 random) {
    INDArray x = RandomArrays.gaussian(random, DataType.FLOAT, n, 3, size, size).muli(NOISE);
    for (int c = 0; c < 3; c++) {
      x.get(NDArrayIndex.all(), NDArrayIndex.point(c)).addi(colour[c]);
    }
    return Nd4j.math().clipByValue(x, -1, 1);
  }

  /** The mean colour [3] of images [N, 3, S, S], averaged over samples and pixels. */
  public static double[] meanColour(INDArray images) {
    return images.castTo(DataType.DOUBLE).mean(0, 2, 3).toDoubleVector();
  }

  /** Euclidean distance between two colours. */
  public static double distance(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (x[i] - y[i]) * (x[i] - y[i]);
    }
    return Math.sqrt(s);
  }

  @Override
  public String toString() {
    return "flat-colours@" + size;
  }
}

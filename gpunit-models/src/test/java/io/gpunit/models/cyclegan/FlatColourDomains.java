package io.gpunit.models.cyclegan;

import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.models.training.SplitMix64;
import io.gpunit.models.training.UnpairedBatches;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two domains of flat-coloured images with pixel noise: A reddish, B bluish. A translator from A to
 * B must change the mean colour, which is easy to measure.
 */
final class FlatColourDomains implements UnpairedBatches {

  static final double[] COLOUR_A = {0.6, -0.4, -0.4};
  static final double[] COLOUR_B = {-0.4, -0.4, 0.6};
  private static final double NOISE = 0.1;

  private final int size;

  FlatColourDomains(int size) {
    this.size = size;
  }

  @Override
  public int imageSize() {
    return size;
  }

  @Override
  public TwoDomainBatch batch(int n, SplitMix64 random) {
    return new TwoDomainBatch(images(COLOUR_A, n, random), images(COLOUR_B, n, random));
  }

  INDArray images(double[] colour, int n, SplitMix64 random) {
    float[] values = new float[n * 3 * size * size];
    int plane = size * size;
    for (int i = 0; i < values.length; i++) {
      int channel = (i / plane) % 3;
      values[i] = (float) (colour[channel] + NOISE * (2 * random.nextDouble() - 1));
    }
    return Nd4j.create(values, new long[] {n, 3, size, size}, 'c').castTo(DataType.FLOAT);
  }

  /** The mean colour [3] of images [N, 3, S, S]. */
  static double[] meanColour(INDArray images) {
    return images.mean(0, 2, 3).castTo(DataType.DOUBLE).toDoubleVector();
  }

  /** Euclidean distance between two colours. */
  static double distance(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(sum);
  }

  @Override
  public String toString() {
    return "flat[red -> blue]@" + size;
  }
}

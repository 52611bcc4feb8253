package io.gpunit.models.training.random;

import io.gpunit.core.random.SplitMix64;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random arrays drawn in Java from a {@link SplitMix64}, element by element in C order, so the same
 * generator state gives the same array on every backend and thread count. Noise that a training
 * graph needs is made here and fed as a placeholder rather than drawn by a SameDiff random op,
 * whose stream a checkpoint could not restore.
 */
public final class RandomArrays {

  private RandomArrays() {}

  /** Independent standard-normal entries ({@code torch.randn}). */
  public static INDArray gaussian(SplitMix64 rng, DataType dataType, long... shape) {
    double[] values = new double[length(shape)];
    for (int i = 0; i < values.length; i++) {
      values[i] = rng.nextGaussian();
    }
    return create(values, dataType, shape);
  }

  /** Independent entries uniform on [0, 1) ({@code torch.rand}). */
  public static INDArray uniform(SplitMix64 rng, DataType dataType, long... shape) {
    double[] values = new double[length(shape)];
    for (int i = 0; i < values.length; i++) {
      values[i] = rng.nextDouble();
    }
    return create(values, dataType, shape);
  }

  private static INDArray create(double[] values, DataType dataType, long[] shape) {
    return Nd4j.create(values, shape.clone(), DataType.DOUBLE).castTo(dataType);
  }

  private static int length(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return Math.toIntExact(n);
  }
}

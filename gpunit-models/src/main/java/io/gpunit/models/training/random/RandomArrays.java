package io.gpunit.models.training.random;

import io.gpunit.core.random.DrawnArrays;
import io.gpunit.core.random.SplitMix64;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

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
    checkShape(shape);
    return DrawnArrays.of(shape, dataType, rng::nextGaussian);
  }

  /** Independent entries uniform on [0, 1) ({@code torch.rand}). */
  public static INDArray uniform(SplitMix64 rng, DataType dataType, long... shape) {
    checkShape(shape);
    return DrawnArrays.of(shape, dataType, rng::nextDouble);
  }

  private static void checkShape(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    Math.toIntExact(n); // at most Integer.MAX_VALUE values, as when they were drawn into a double[]
  }
}

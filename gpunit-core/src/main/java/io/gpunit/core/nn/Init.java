package io.gpunit.core.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How a new parameter or buffer is filled. Implementations draw only from the {@link Random} they
 * are given, so a {@link Scope}'s seed fixes every initial value.
 */
@FunctionalInterface
public interface Init {

  INDArray create(long[] shape, DataType dataType, Random random);

  static Init zeros() {
    return (shape, dataType, random) -> Nd4j.zeros(dataType, shape);
  }

  static Init ones() {
    return (shape, dataType, random) -> Nd4j.ones(dataType, shape);
  }

  static Init constant(double value) {
    return (shape, dataType, random) -> Nd4j.valueArrayOf(shape, value, dataType);
  }

  /** Uniform on {@code [-bound, bound]}. */
  static Init uniform(double bound) {
    return (shape, dataType, random) ->
        draw(shape, dataType, () -> (2 * random.nextDouble() - 1) * bound);
  }

  /** Normal with mean 0 and the given standard deviation. */
  static Init normal(double std) {
    return (shape, dataType, random) -> draw(shape, dataType, () -> random.nextGaussian() * std);
  }

  /**
   * PyTorch's default for {@code nn.Conv2d} and {@code nn.Linear} weights and biases ({@code
   * kaiming_uniform_(a=√5)}): uniform on {@code [-1/√fanIn, 1/√fanIn]}.
   */
  static Init pytorchDefault(long fanIn) {
    return uniform(1.0 / Math.sqrt(fanIn));
  }

  /**
   * An array of {@code shape} filled in C order with {@code next}'s values, each rounded once from
   * double to {@code dataType}. Values go to the native buffer in chunks of 64 Ki values: a
   * whole-array {@code double[]} and its double-precision native copy were garbage of three times
   * the weights' size when a released-width model was built (340 MB for its 188 MB of weights).
   */
  private static INDArray draw(long[] shape, DataType dataType, DoubleSupplier next) {
    long n = length(shape);
    if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
      double[] values = new double[Math.toIntExact(n)];
      for (int i = 0; i < values.length; i++) {
        values[i] = next.getAsDouble();
      }
      return Nd4j.create(values, shape, DataType.DOUBLE).castTo(dataType);
    }
    INDArray out = Nd4j.createUninitialized(dataType, shape);
    if (dataType == DataType.FLOAT) {
      FloatBuffer target = out.data().asNioFloat();
      float[] chunk = new float[(int) Math.min(n, 1 << 16)];
      for (long done = 0; done < n; done += chunk.length) {
        int count = (int) Math.min(chunk.length, n - done);
        for (int i = 0; i < count; i++) {
          chunk[i] = (float) next.getAsDouble();
        }
        target.put(chunk, 0, count);
      }
    } else {
      DoubleBuffer target = out.data().asNioDouble();
      double[] chunk = new double[(int) Math.min(n, 1 << 16)];
      for (long done = 0; done < n; done += chunk.length) {
        int count = (int) Math.min(chunk.length, n - done);
        for (int i = 0; i < count; i++) {
          chunk[i] = next.getAsDouble();
        }
        target.put(chunk, 0, count);
      }
    }
    return out;
  }

  private static long length(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}

package io.gpunit.core.nn;

import io.gpunit.core.random.DrawnArrays;
import java.util.Random;
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
        DrawnArrays.of(shape, dataType, () -> (2 * random.nextDouble() - 1) * bound);
  }

  /** Normal with mean 0 and the given standard deviation. */
  static Init normal(double std) {
    return (shape, dataType, random) ->
        DrawnArrays.of(shape, dataType, () -> random.nextGaussian() * std);
  }

  /**
   * PyTorch's default for {@code nn.Conv2d} and {@code nn.Linear} weights and biases ({@code
   * kaiming_uniform_(a=√5)}): uniform on {@code [-1/√fanIn, 1/√fanIn]}.
   */
  static Init pytorchDefault(long fanIn) {
    return uniform(1.0 / Math.sqrt(fanIn));
  }
}

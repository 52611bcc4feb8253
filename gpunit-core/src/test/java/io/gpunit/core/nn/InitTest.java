package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class InitTest {

  /** More values than one chunk of the native fill, and not a multiple of it. */
  private static final long[] SHAPE = {3, 7, 73, 61};

  @Test
  void uniformDrawsEachValueInCOrderAndRoundsItOnceToFloat() {
    INDArray drawn = Init.uniform(0.25).create(SHAPE, DataType.FLOAT, new Random(42));
    Random random = new Random(42);
    float[] expected = new float[3 * 7 * 73 * 61];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (float) ((2 * random.nextDouble() - 1) * 0.25);
    }
    assertThat(drawn.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(drawn.shape()).containsExactly(SHAPE);
    assertThat(drawn.data().asFloat()).containsExactly(expected);
  }

  @Test
  void normalKeepsDoublePrecisionForDoubleGraphs() {
    INDArray drawn = Init.normal(0.5).create(SHAPE, DataType.DOUBLE, new Random(7));
    Random random = new Random(7);
    double[] expected = new double[3 * 7 * 73 * 61];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = random.nextGaussian() * 0.5;
    }
    assertThat(drawn.dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(drawn.data().asDouble()).containsExactly(expected);
  }
}

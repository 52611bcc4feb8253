package io.gpunit.core.random;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DrawnArraysTest {

  /** 0, 1, 2, … as the values drawn. */
  private static java.util.function.DoubleSupplier counter() {
    double[] next = {0};
    return () -> next[0]++;
  }

  @Test
  void halfPrecisionGetsTheDrawnDoubleCastOnce() {
    INDArray drawn = DrawnArrays.of(new long[] {5, 3}, DataType.HALF, () -> 1.0 / 3);
    assertThat(drawn.dataType()).isEqualTo(DataType.HALF);
    assertThat(drawn.shape()).containsExactly(5, 3);
    // 1/3 in half precision: 0.333251953125 (11 significant bits)
    assertThat(drawn.castTo(DataType.DOUBLE).data().asDouble()).containsOnly(0.333251953125);
  }

  @Test
  void aScalarTakesOneValueAndAnEmptyArrayNone() {
    java.util.function.DoubleSupplier values = counter();
    INDArray empty = DrawnArrays.of(new long[] {0, 4}, DataType.FLOAT, values);
    INDArray scalar = DrawnArrays.of(new long[0], DataType.FLOAT, values);
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.shape()).containsExactly(0, 4);
    assertThat(scalar.rank()).isZero();
    assertThat(scalar.getFloat(0)).isEqualTo(0f);
    assertThat(values.getAsDouble()).as("the next value drawn").isEqualTo(1);
  }
}

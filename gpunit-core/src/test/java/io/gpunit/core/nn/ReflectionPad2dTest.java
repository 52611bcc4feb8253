package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.testing.GradientCheck;
import io.gpunit.core.testing.ReferenceOps;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReflectionPad2dTest {

  @Test
  void mirrorsWithoutRepeatingTheEdge() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 1, 1, 3, 3);
    SDVariable y = ReflectionPad2d.of(1).apply(x);
    INDArray input = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new long[] {1, 1, 3, 3});
    INDArray out = y.eval(java.util.Map.of("x", input));
    // Hand-written: row/column -1 mirrors row/column 1, row/column 3 mirrors row/column 1.
    double[] expected = {
      5, 4, 5, 6, 5,
      2, 1, 2, 3, 2,
      5, 4, 5, 6, 5,
      8, 7, 8, 9, 8,
      5, 4, 5, 6, 5
    };
    assertThat(out.shape()).containsExactly(1, 1, 5, 5);
    assertThat(out.data().asDouble()).containsExactly(expected);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", ReferenceOps.random(1, 1, 2, 3, 4));
    SDVariable y = ReflectionPad2d.of(2).apply(x);
    GradientCheck.of(sd)
        .wrt("x")
        .check(y.name())
        .assertBelow(1e-7);
  }

  @Test
  void rejectsNegativePadding() {
    assertThatThrownBy(() -> ReflectionPad2d.of(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}

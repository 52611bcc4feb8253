package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.testing.ReferenceOps;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ActivationTest {

  private static void assertMatches(Activation f, DoubleUnaryOperator reference) {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 3, 5);
    INDArray input = ReferenceOps.random(1, 3, 5).muli(4);
    INDArray actual = f.apply(x).eval(Map.of("x", input));
    assertThat(actual.equalsWithEps(ReferenceOps.map(input, reference), 1e-12)).isTrue();
  }

  @Test
  void leakyReluScalesNegativesBySlope() {
    assertMatches(Activation.leakyRelu(0.2), v -> ReferenceOps.leakyRelu(v, 0.2));
  }

  @Test
  void reluClampsNegativesToZero() {
    assertMatches(Activation.relu(), v -> Math.max(v, 0));
  }

  @Test
  void tanhAndSigmoidMatchTheirDefinitions() {
    assertMatches(Activation.tanh(), Math::tanh);
    assertMatches(Activation.sigmoid(), ReferenceOps::sigmoid);
  }

  @Test
  void identityReturnsItsInput() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 2);
    assertThat(Activation.identity().apply(x)).isSameAs(x);
  }
}

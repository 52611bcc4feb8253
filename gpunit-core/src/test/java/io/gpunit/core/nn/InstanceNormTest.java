package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.testing.GradientCheck;
import io.gpunit.core.testing.ReferenceOps;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InstanceNormTest {

  private static Scope scope(SameDiff sd) {
    return Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 5).child("norm");
  }

  @Test
  void normalisesEachSampleAndChannelWithBiasedVariance() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 2, 3, 4, 5);
    SDVariable y = InstanceNorm.builder(3).build().apply(scope(sd), x);
    INDArray input = ReferenceOps.random(1, 2, 3, 4, 5).muli(3).addi(1);
    INDArray expected = ReferenceOps.instanceNorm(input, 1e-5);
    assertThat(y.eval(Map.of("x", input)).equalsWithEps(expected, 1e-12)).isTrue();
    assertThat(sd.hasVariable("norm.weight")).isFalse();
  }

  @Test
  void epsilonEntersUnderTheSquareRoot() {
    // A 1x1x1x2 plane [0, 2]: mean 1, biased variance 1, so y = ±1/√(1 + eps).
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 1, 1, 1, 2);
    SDVariable y = InstanceNorm.builder(1).eps(0.44).build().apply(scope(sd), x);
    INDArray out = y.eval(Map.of("x", Nd4j.create(new double[] {0, 2}, new long[] {1, 1, 1, 2})));
    assertThat(out.data().asDouble()).containsExactly(new double[] {-1 / 1.2, 1 / 1.2},
        org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void affineScalesAndShiftsPerChannel() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 1, 2, 3, 3);
    SDVariable y = InstanceNorm.builder(2).affine(true).build().apply(scope(sd), x);
    assertThat(sd.getVariable("norm.weight").getArr().data().asDouble()).containsExactly(1, 1);
    assertThat(sd.getVariable("norm.bias").getArr().data().asDouble()).containsExactly(0, 0);
    sd.getVariable("norm.weight").getArr().assign(Nd4j.createFromArray(2.0, -1.0));
    sd.getVariable("norm.bias").getArr().assign(Nd4j.createFromArray(0.5, 3.0));
    INDArray input = ReferenceOps.random(2, 1, 2, 3, 3);
    INDArray expected =
        ReferenceOps.scaleShift(
            ReferenceOps.instanceNorm(input, 1e-5),
            Nd4j.createFromArray(new double[][] {{2, -1}}),
            Nd4j.createFromArray(new double[][] {{0.5, 3}}));
    assertThat(y.eval(Map.of("x", input)).equalsWithEps(expected, 1e-12)).isTrue();
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    SDVariable y =
        InstanceNorm.builder(2).affine(true).build()
            .apply(scope(sd), sd.var("x", ReferenceOps.random(3, 2, 2, 3, 3)));
    GradientCheck.of(sd).wrtAllVariables().check(y.name()).assertBelow(1e-6);
  }
}

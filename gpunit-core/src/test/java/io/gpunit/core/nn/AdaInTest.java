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
import org.nd4j.linalg.indexing.NDArrayIndex;

class AdaInTest {

  @Test
  void styleLinearIsNamedStyleAndStartsAtGammaOneBetaZero() {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 2).child("norm_0");
    AdaIn.builder(3, 5).build().apply(scope,
        sd.placeHolder("x", DataType.DOUBLE, 1, 3, 2, 2), sd.placeHolder("s", DataType.DOUBLE, 1, 5));
    assertThat(sd.getVariable("norm_0.style.weight").getArr().shape()).containsExactly(6, 5);
    assertThat(sd.getVariable("norm_0.style.bias").getArr().data().asDouble())
        .containsExactly(1, 1, 1, 0, 0, 0);
  }

  @Test
  void scalesByFirstHalfAndShiftsBySecondHalfOfTheStyleProjection() {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 2).child("ada");
    SDVariable y = AdaIn.builder(3, 4).build().apply(scope,
        sd.placeHolder("x", DataType.DOUBLE, 2, 3, 3, 3), sd.placeHolder("s", DataType.DOUBLE, 2, 4));
    // A non-trivial bias so that γ and β are not just 1 and 0.
    INDArray bias = sd.getVariable("ada.style.bias").getArr();
    bias.assign(ReferenceOps.random(9, 6));
    INDArray x = ReferenceOps.random(1, 2, 3, 3, 3);
    INDArray s = ReferenceOps.random(2, 2, 4);
    INDArray style = ReferenceOps.linear(s, sd.getVariable("ada.style.weight").getArr(), bias);
    INDArray gamma = style.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3));
    INDArray beta = style.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 6));
    INDArray expected = ReferenceOps.scaleShift(ReferenceOps.instanceNorm(x, 1e-5), gamma, beta);
    assertThat(y.eval(Map.of("x", x, "s", s)).equalsWithEps(expected, 1e-12)).isTrue();
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 2).child("ada");
    SDVariable y = AdaIn.builder(2, 3).build().apply(scope,
        sd.var("x", ReferenceOps.random(1, 2, 2, 3, 3)), sd.var("s", ReferenceOps.random(2, 2, 3)));
    GradientCheck.of(sd).wrtAllVariables().check(y.name()).assertBelow(1e-6);
  }
}

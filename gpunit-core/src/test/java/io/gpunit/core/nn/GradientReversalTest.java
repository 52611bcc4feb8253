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

class GradientReversalTest {

  private static final double LAMBDA = 0.3;

  @Test
  void forwardIsTheIdentityBitForBit() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, 3, 7);
    SDVariable y = GradientReversal.of(LAMBDA).apply(x);
    INDArray input = ReferenceOps.random(1, 3, 7).muli(1e3).castTo(DataType.FLOAT);
    assertThat(y.eval(Map.of("x", input))).isEqualTo(input);
  }

  /** The loss Σ R ⊙ f(x): through the identity its gradient is R, through the reversal −λ·R. */
  private static INDArray gradient(boolean reversed, INDArray r) {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", ReferenceOps.random(2, 3, 4));
    SDVariable y = reversed ? GradientReversal.of(LAMBDA).apply(x) : x.mul(1.0);
    SDVariable loss = y.mul(sd.constant(r)).sum();
    sd.setLossVariables(loss);
    return sd.calculateGradients(Map.of(), "x").get("x");
  }

  @Test
  void gradientIsMinusLambdaTimesTheIdentitysGradient() {
    INDArray r = ReferenceOps.random(3, 3, 4);
    INDArray identity = gradient(false, r);
    INDArray reversed = gradient(true, r);
    assertThat(identity.equalsWithEps(r, 1e-15)).isTrue();
    assertThat(reversed.equalsWithEps(identity.mul(-LAMBDA), 1e-15)).isTrue();
  }

  @Test
  void finiteDifferencesSeeTheIdentity() {
    // Finite differences see the forward function (the identity), so the check must fail by sign
    // and scale: the analytic gradient is −λ times the numeric one.
    SameDiff sd = SameDiff.create();
    SDVariable y = GradientReversal.of(LAMBDA).apply(sd.var("x", ReferenceOps.random(4, 2, 2)));
    GradientCheck.Result result = GradientCheck.of(sd).wrt("x").check(y.name());
    assertThat(result.analytic()).isCloseTo(-LAMBDA * result.numeric(), org.assertj.core.data.Offset.offset(1e-8));
  }
}

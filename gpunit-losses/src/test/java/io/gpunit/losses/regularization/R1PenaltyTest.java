package io.gpunit.losses.regularization;

import static io.gpunit.losses.testing.LossChecks.uniform;
import static io.gpunit.losses.testing.LossChecks.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.Reduction;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class R1PenaltyTest {

  private static final int N = 3;
  private static final int K = 4;

  /** D(x)_n = tanh(Σ_i w_i x_{n,i} + b). */
  private static SDVariable linearTanh(SameDiff sd, INDArray w, double b) {
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, K);
    SDVariable wv = sd.var("w", w);
    SDVariable bv = sd.var("b", org.nd4j.linalg.factory.Nd4j.scalar(b));
    return sd.math().tanh(x.mmul(wv).add(bv));
  }

  @Test
  void valueIsHalfTheMeanSquaredInputGradientNormTimesGamma() {
    INDArray w = uniform(81, -1, 1, K, 1);
    INDArray x = uniform(82, -1, 1, N, K);
    SameDiff sd = SameDiff.create();
    SDVariable logits = linearTanh(sd, w, 0.3);
    R1Penalty.Result r =
        R1Penalty.builder().gamma(10).build().compute(sd, "x", logits, x, Map.of());

    double[] wv = values(w);
    double[] xv = values(x);
    double expected = 0;
    for (int n = 0; n < N; n++) {
      double s = 0.3;
      for (int i = 0; i < K; i++) {
        s += wv[i] * xv[n * K + i];
      }
      double dt = 1 - Math.tanh(s) * Math.tanh(s);
      for (int i = 0; i < K; i++) {
        expected += dt * wv[i] * dt * wv[i];
      }
    }
    expected = 0.5 * expected / N;
    assertThat(r.raw()).isCloseTo(expected, within(1e-12));
    assertThat(r.value()).isCloseTo(10 * expected, within(1e-11));
  }

  /**
   * A training run computes R1 on the same graph every step: the gradient function built at the
   * first step must serve the later ones (M2.1 drops it whenever the loss variables are set, and
   * rebuilding it differentiated all of D again at every GP-UNIT step).
   */
  @Test
  void repeatedPenaltiesReuseTheGraphsGradientFunction() {
    SameDiff sd = SameDiff.create();
    SDVariable logits = linearTanh(sd, uniform(83, -1, 1, K, 1), 0.1);
    R1Penalty r1 = R1Penalty.builder().build();
    INDArray x = uniform(84, -1, 1, N, K);
    double first = r1.compute(sd, "x", logits, x, Map.of()).raw();
    SameDiff gradient = sd.getFunction("grad");
    double second = r1.compute(sd, "x", logits, x, Map.of()).raw();
    assertThat(gradient).isNotNull();
    assertThat(sd.getFunction("grad")).isSameAs(gradient);
    assertThat(second).isEqualTo(first);
  }

  /** A small convolutional D in float64: conv → tanh → conv → spatial mean. */
  private static SDVariable convDiscriminator(SameDiff sd) {
    Scope scope = Scope.root(sd, Mode.TRAINING, DataType.DOUBLE, 7);
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 2, 4, 4);
    SDVariable h =
        sd.math().tanh(Conv2d.builder(2, 3, 3).padding(1).build().apply(scope.child("conv0"), x));
    return Conv2d.builder(3, 1, 3).build().apply(scope.child("conv1"), h).mean(1, 2, 3);
  }

  @Test
  void parameterGradientMatchesFiniteDifferencesOfTheValue() {
    for (Reduction reduction : Reduction.values()) {
      SameDiff sd = SameDiff.create();
      SDVariable logits = convDiscriminator(sd);
      INDArray x = uniform(83, -1, 1, 2, 2, 4, 4);
      R1Penalty r1 = R1Penalty.builder().gamma(2).reduction(reduction).step(1e-5).build();
      List<String> params = List.of("conv0.weight", "conv0.bias", "conv1.weight", "conv1.bias");
      Map<String, INDArray> grads = r1.compute(sd, "x", logits, x, Map.of(), params).gradients();

      double h = 1e-5;
      int checked = 0;
      for (String p : params) {
        INDArray param = sd.getVariable(p).getArr();
        for (long i = 0; i < param.length(); i += 13) {
          double numeric =
              centralDifference(
                  param, i, h, () -> r1.compute(sd, "x", logits, x, Map.of(), params).value());
          double analytic = grads.get(p).getDouble(i);
          assertThat(analytic)
              .as("%s: dR1/d%s[%s]", reduction, p, i)
              .isCloseTo(numeric, within(1e-7 + 1e-5 * Math.abs(numeric)));
          checked++;
        }
      }
      assertThat(checked).isGreaterThanOrEqualTo(8);
    }
  }

  /**
   * The linear part of a LeakyReLU D at x: conv → × slopes (fed) → conv → spatial mean, no biases;
   * a bias elsewhere in the graph that the part does not read.
   */
  private static SDVariable linearPart(SameDiff sd) {
    Scope scope = Scope.root(sd, Mode.TRAINING, DataType.DOUBLE, 9);
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 2, 4, 4);
    SDVariable slopes = sd.placeHolder("slopes", DataType.DOUBLE, -1, 3, 4, 4);
    SDVariable h =
        Conv2d.builder(2, 3, 3).padding(1).bias(false).build().apply(scope.child("conv0"), x);
    sd.var("conv0.bias", Nd4j.zeros(DataType.DOUBLE, 3));
    SDVariable out =
        Conv2d.builder(3, 1, 3).bias(false).build().apply(scope.child("conv1"), h.mul(slopes));
    return out.mean(1, 2, 3);
  }

  /**
   * R1 of a D that is linear in x at fixed slopes, from one parameter gradient at x = g, against
   * finite differences of R1's value (which needs only first-order gradients); the bias the linear
   * part does not read gets an exact zero.
   */
  @Test
  void linearPartGradientMatchesFiniteDifferencesOfTheValue() {
    for (Reduction reduction : Reduction.values()) {
      SameDiff sd = SameDiff.create();
      SDVariable logits = linearPart(sd);
      INDArray x = uniform(86, -1, 1, 2, 2, 4, 4);
      INDArray slopes =
          uniform(87, 0, 1, 2, 3, 4, 4).gt(0.5).castTo(DataType.DOUBLE).muli(0.8).addi(0.2);
      Map<String, INDArray> feeds = Map.of("slopes", slopes);
      R1Penalty r1 = R1Penalty.builder().gamma(3).reduction(reduction).build();
      List<String> params = List.of("conv0.weight", "conv1.weight", "conv0.bias");
      R1Penalty.Result result = r1.computeFromLinearPart(sd, "x", logits, x, feeds, params);

      double h = 1e-6;
      int checked = 0;
      for (String p : params.subList(0, 2)) {
        INDArray param = sd.getVariable(p).getArr();
        for (long i = 0; i < param.length(); i += 7) {
          double numeric =
              centralDifference(param, i, h, () -> r1.value(sd, "x", logits, x, feeds));
          assertThat(result.gradients().get(p).getDouble(i))
              .as("%s: dR1/d%s[%s]", reduction, p, i)
              .isCloseTo(numeric, within(1e-8 + 1e-6 * Math.abs(numeric)));
          checked++;
        }
      }
      assertThat(checked).isGreaterThanOrEqualTo(10);
      assertThat(result.value()).isCloseTo(r1.value(sd, "x", logits, x, feeds), within(1e-12));
      assertThat(result.gradients().get("conv0.bias").sumNumber().doubleValue()).isZero();
      assertThat(result.gradients().get("conv0.bias").shape()).containsExactly(3);
    }
  }

  /** (f at θ_i + h − f at θ_i − h) / 2h, θ_i restored afterwards. */
  private static double centralDifference(INDArray param, long i, double h, DoubleSupplier f) {
    double original = param.getDouble(i);
    param.putScalar(i, original + h);
    double plus = f.getAsDouble();
    param.putScalar(i, original - h);
    double minus = f.getAsDouble();
    param.putScalar(i, original);
    return (plus - minus) / (2 * h);
  }

  @Test
  void aGraphWithAnotherLossIsRejected() {
    SameDiff sd = SameDiff.create();
    SDVariable logits = linearTanh(sd, uniform(84, -1, 1, K, 1), 0);
    sd.setLossVariables(logits.mean());
    assertThatThrownBy(
            () ->
                R1Penalty.builder()
                    .build()
                    .compute(sd, "x", logits, uniform(85, -1, 1, N, K), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("graph of its own");
  }
}

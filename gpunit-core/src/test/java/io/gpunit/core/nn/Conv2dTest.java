package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.testing.GradientCheck;
import io.gpunit.core.testing.ReferenceOps;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class Conv2dTest {

  private static Scope doubleScope(SameDiff sd, Mode mode) {
    return Scope.root(sd, mode, DataType.DOUBLE, 7).child("conv");
  }

  private static INDArray run(Conv2d conv, INDArray input) {
    SameDiff sd = SameDiff.create();
    Scope scope = doubleScope(sd, Mode.INFERENCE);
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, input.shape());
    SDVariable y = conv.apply(scope, x);
    return y.eval(Map.of("x", input));
  }

  private static INDArray param(Conv2d conv, INDArray input, String name) {
    SameDiff sd = SameDiff.create();
    conv.apply(doubleScope(sd, Mode.INFERENCE), sd.placeHolder("x", DataType.DOUBLE, input.shape()));
    return sd.getVariable("conv." + name).getArr();
  }

  @Test
  void zeroPaddedStridedConvolutionMatchesNaiveLoop() {
    Conv2d conv = Conv2d.builder(3, 4, 3).stride(2).padding(1).build();
    INDArray x = ReferenceOps.random(1, 2, 3, 7, 6);
    INDArray expected =
        ReferenceOps.conv2d(
            ReferenceOps.zeroPad(x, 1), param(conv, x, "weight"), param(conv, x, "bias"), 2, 1);
    INDArray actual = run(conv, x);
    assertThat(actual.shape()).containsExactly(2, 4, 4, 3);
    assertThat(actual.equalsWithEps(expected, 1e-12)).as("%s vs %s", actual, expected).isTrue();
  }

  @Test
  void reflectPaddedConvolutionMatchesNaiveLoopOnMirroredInput() {
    Conv2d conv = Conv2d.builder(2, 3, 3).padding(2).padMode(PadMode.REFLECT).build();
    INDArray x = ReferenceOps.random(2, 1, 2, 5, 5);
    INDArray expected =
        ReferenceOps.conv2d(
            ReferenceOps.reflectPad(x, 2), param(conv, x, "weight"), param(conv, x, "bias"), 1, 1);
    INDArray actual = run(conv, x);
    assertThat(actual.shape()).containsExactly(1, 3, 7, 7);
    assertThat(actual.equalsWithEps(expected, 1e-12)).isTrue();
  }

  @Test
  void dilatedConvolutionWithoutBiasMatchesNaiveLoop() {
    Conv2d conv = Conv2d.builder(2, 2, 3).padding(2).dilation(2).bias(false).build();
    INDArray x = ReferenceOps.random(3, 1, 2, 6, 6);
    INDArray expected =
        ReferenceOps.conv2d(ReferenceOps.zeroPad(x, 2), param(conv, x, "weight"), null, 1, 2);
    assertThat(run(conv, x).equalsWithEps(expected, 1e-12)).isTrue();
  }

  @Test
  void createsPytorchNamedParametersWithPytorchDefaultBounds() {
    SameDiff sd = SameDiff.create();
    Conv2d.builder(3, 5, 3).build()
        .apply(doubleScope(sd, Mode.INFERENCE), sd.placeHolder("x", DataType.DOUBLE, 1, 3, 4, 4));
    INDArray w = sd.getVariable("conv.weight").getArr();
    assertThat(w.shape()).containsExactly(5, 3, 3, 3);
    assertThat(sd.getVariable("conv.bias").getArr().shape()).containsExactly(5);
    double bound = 1 / Math.sqrt(27);
    assertThat(w.amaxNumber().doubleValue()).isLessThanOrEqualTo(bound).isGreaterThan(bound / 2);
  }

  @Test
  void applyingTwiceWithTheSameScopeSharesWeights() {
    SameDiff sd = SameDiff.create();
    Scope scope = doubleScope(sd, Mode.INFERENCE);
    Conv2d conv = Conv2d.builder(2, 2, 3).padding(1).build();
    SDVariable a = conv.apply(scope, sd.placeHolder("a", DataType.DOUBLE, 1, 2, 4, 4));
    SDVariable b = conv.apply(scope, sd.placeHolder("b", DataType.DOUBLE, 1, 2, 4, 4));
    INDArray x = ReferenceOps.random(4, 1, 2, 4, 4);
    Map<String, INDArray> out = sd.output(Map.of("a", x, "b", x), a.name(), b.name());
    assertThat(out.get(a.name())).isEqualTo(out.get(b.name()));
    long params = sd.variables().stream().filter(v -> v.name().startsWith("conv.")).count();
    assertThat(params).isEqualTo(2);
  }

  @Test
  void gradientsMatchFiniteDifferencesWithZeroPadding() {
    checkGradients(Conv2d.builder(2, 3, 3).stride(2).padding(1).build(), Mode.INFERENCE);
  }

  @Test
  void gradientsMatchFiniteDifferencesWithReflectPadding() {
    checkGradients(Conv2d.builder(2, 3, 3).padding(1).padMode(PadMode.REFLECT).build(), Mode.INFERENCE);
  }

  @Test
  void spectralNormConvolutionUsesTheFoldedWeight() {
    Conv2d conv = Conv2d.builder(2, 3, 3).padding(1).spectralNorm(true).build();
    INDArray x = ReferenceOps.random(6, 1, 2, 4, 4);
    INDArray w = param(conv, x, "weight_orig");
    INDArray u = param(conv, x, "weight_u");
    INDArray v = param(conv, x, "weight_v");
    INDArray folded = w.div(u.reshape(1, 3).mmul(w.reshape(3, 18)).mmul(v.reshape(18, 1)));
    INDArray expected =
        ReferenceOps.conv2d(ReferenceOps.zeroPad(x, 1), folded, param(conv, x, "bias"), 1, 1);
    assertThat(run(conv, x).equalsWithEps(expected, 1e-12)).isTrue();
  }

  @Test
  void spectralNormGradientsMatchFiniteDifferencesInInference() {
    checkGradients(Conv2d.builder(2, 3, 3).padding(1).spectralNorm(true).build(), Mode.INFERENCE);
  }

  private static void checkGradients(Conv2d conv, Mode mode) {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", ReferenceOps.random(5, 1, 2, 4, 4));
    Scope scope = doubleScope(sd, mode);
    SDVariable y = conv.apply(scope, x);
    GradientCheck.of(sd)
        .wrtAllVariablesExcept(scope.buffers())
        .maxEntriesPerVariable(24)
        .check(y.name())
        .assertBelow(1e-6);
  }

  @Test
  void rejectsNonPositiveStride() {
    assertThatThrownBy(() -> Conv2d.builder(1, 1, 3).stride(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stride");
  }
}

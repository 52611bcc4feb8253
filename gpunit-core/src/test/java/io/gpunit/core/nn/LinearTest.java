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

class LinearTest {

  private static Scope scope(SameDiff sd, Mode mode) {
    return Scope.root(sd, mode, DataType.DOUBLE, 3).child("fc");
  }

  @Test
  void computesXTimesWeightTransposedPlusBias() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 2, 4);
    SDVariable y = Linear.builder(4, 3).build().apply(scope(sd, Mode.INFERENCE), x);
    INDArray input = ReferenceOps.random(1, 2, 4);
    INDArray w = sd.getVariable("fc.weight").getArr();
    assertThat(w.shape()).containsExactly(3, 4);
    INDArray expected = ReferenceOps.linear(input, w, sd.getVariable("fc.bias").getArr());
    assertThat(y.eval(Map.of("x", input)).equalsWithEps(expected, 1e-12)).isTrue();
  }

  @Test
  void usesTheGivenBiasInitialiser() {
    SameDiff sd = SameDiff.create();
    Linear.builder(2, 3).biasInit(Init.constant(0.5)).build()
        .apply(scope(sd, Mode.INFERENCE), sd.placeHolder("x", DataType.DOUBLE, 1, 2));
    assertThat(sd.getVariable("fc.bias").getArr().data().asDouble()).containsExactly(0.5, 0.5, 0.5);
  }

  @Test
  void withoutBiasCreatesOnlyTheWeight() {
    SameDiff sd = SameDiff.create();
    Linear.builder(2, 3).bias(false).build()
        .apply(scope(sd, Mode.INFERENCE), sd.placeHolder("x", DataType.DOUBLE, 1, 2));
    assertThat(sd.hasVariable("fc.bias")).isFalse();
    assertThat(sd.hasVariable("fc.weight")).isTrue();
  }

  @Test
  void applyingTwiceWithTheSameScopeSharesWeights() {
    SameDiff sd = SameDiff.create();
    Scope scope = scope(sd, Mode.INFERENCE);
    Linear fc = Linear.builder(2, 3).build();
    SDVariable a = fc.apply(scope, sd.placeHolder("a", DataType.DOUBLE, 1, 2));
    SDVariable b = fc.apply(scope, sd.placeHolder("b", DataType.DOUBLE, 1, 2));
    INDArray x = ReferenceOps.random(2, 1, 2);
    Map<String, INDArray> out = sd.output(Map.of("a", x, "b", x), a.name(), b.name());
    assertThat(out.get(a.name())).isEqualTo(out.get(b.name()));
    assertThat(sd.variables().stream().filter(v -> v.name().startsWith("fc.")).count()).isEqualTo(2);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    check(Linear.builder(4, 3).build());
  }

  @Test
  void spectralNormGradientsMatchFiniteDifferences() {
    check(Linear.builder(4, 3).spectralNorm(true).build());
  }

  private static void check(Linear fc) {
    SameDiff sd = SameDiff.create();
    Scope scope = scope(sd, Mode.INFERENCE);
    SDVariable y = fc.apply(scope, sd.var("x", ReferenceOps.random(4, 2, 4)));
    GradientCheck.of(sd).wrtAllVariablesExcept(scope.buffers()).check(y.name()).assertBelow(1e-7);
  }
}

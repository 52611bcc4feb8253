package io.gpunit.models.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {

  private static final double[] P0 = {0.5, -1.0, 2.0};
  private static final double[][] GRADS = {{0.1, -0.2, 0.3}, {-0.05, 0.4, 0.0}, {0.2, 0.2, -1.0}};

  private static ParameterGroup group(double[] values) {
    SameDiff sd = SameDiff.create();
    sd.var("net.w", Nd4j.createFromArray(values.clone()));
    return ParameterGroup.of(sd, List.of("net.w"));
  }

  private static Map<String, INDArray> grad(double[] g) {
    return Map.of("net.w", Nd4j.createFromArray(g.clone()));
  }

  /** torch.optim.Adam's update written out in plain Java doubles, element by element. */
  private static double[] reference(AdamConfig c, int steps) {
    double[] p = P0.clone();
    double[] m = new double[p.length];
    double[] v = new double[p.length];
    for (int t = 1; t <= steps; t++) {
      for (int i = 0; i < p.length; i++) {
        double g = GRADS[t - 1][i] + c.weightDecay() * p[i];
        m[i] = c.beta1() * m[i] + (1 - c.beta1()) * g;
        v[i] = c.beta2() * v[i] + (1 - c.beta2()) * g * g;
        double mHat = m[i] / (1 - Math.pow(c.beta1(), t));
        double vHat = v[i] / (1 - Math.pow(c.beta2(), t));
        p[i] -= c.lr() * mHat / (Math.sqrt(vHat) + c.eps());
      }
    }
    return p;
  }

  @Test
  void firstStepMovesEachWeightByLrAgainstTheSignOfItsGradient() {
    // After one step m̂ = g and v̂ = g², so the update is lr·g/(|g| + eps).
    AdamConfig config = AdamConfig.builder().lr(0.01).build();
    ParameterGroup params = group(P0);
    Adam adam = new Adam("g", config, params);
    adam.step(grad(GRADS[0]));
    double[] p = params.array("net.w").toDoubleVector();
    assertThat(p[0]).isCloseTo(0.5 - 0.01 * 0.1 / (0.1 + 1e-8), within(1e-15));
    assertThat(p[1]).isCloseTo(-1.0 + 0.01 * 0.2 / (0.2 + 1e-8), within(1e-15));
    assertThat(p[2]).isCloseTo(2.0 - 0.01 * 0.3 / (0.3 + 1e-8), within(1e-15));
  }

  @Test
  void aLearningRateScaleShrinksTheStepAndLeavesTheMomentsAlone() {
    AdamConfig config = AdamConfig.builder().lr(0.01).build();
    ParameterGroup scaled = group(P0);
    Adam adam = new Adam("g", config, scaled);
    adam.scaleLearningRate(0.25);
    adam.step(grad(GRADS[0]));
    assertThat(scaled.array("net.w").toDoubleVector()[0])
        .isCloseTo(0.5 - 0.25 * 0.01 * 0.1 / (0.1 + 1e-8), within(1e-15));
    adam.scaleLearningRate(0);
    adam.step(grad(GRADS[1]));
    assertThat(scaled.array("net.w").toDoubleVector()[0])
        .isCloseTo(0.5 - 0.25 * 0.01 * 0.1 / (0.1 + 1e-8), within(1e-15));
    assertThat(adam.stepCount("net.w")).isEqualTo(2);
    assertThatThrownBy(() -> adam.scaleLearningRate(-1)).hasMessageContaining(">= 0");
  }

  @Test
  void threeStepsMatchTheHandComputedSequenceWithWeightDecay() {
    AdamConfig config =
        AdamConfig.builder().lr(2e-4 * 50).betas(0.5, 0.9).eps(1e-6).weightDecay(0.1).build();
    ParameterGroup params = group(P0);
    Adam adam = new Adam("g", config, params);
    for (int t = 0; t < 3; t++) {
      adam.step(grad(GRADS[t]));
      double[] expected = reference(config, t + 1);
      double[] actual = params.array("net.w").toDoubleVector();
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i])
            .as("step %d, element %d", t + 1, i)
            .isCloseTo(expected[i], within(1e-14));
      }
    }
    assertThat(adam.stepCount("net.w")).isEqualTo(3);
  }

  @Test
  void exportedStateContinuesExactlyInAFreshOptimiser() {
    AdamConfig config = AdamConfig.builder().lr(0.05).betas(0.0, 0.99).build();
    ParameterGroup straight = group(P0);
    Adam a = new Adam("g", config, straight);
    a.step(grad(GRADS[0]));
    a.step(grad(GRADS[1]));

    Map<String, INDArray> state = a.stateDict();
    assertThat(state).containsOnlyKeys("net.w.exp_avg", "net.w.exp_avg_sq", "net.w.step");
    assertThat(state.get("net.w.step").getLong(0)).isEqualTo(2);

    ParameterGroup resumed = group(straight.array("net.w").toDoubleVector());
    Adam b = new Adam("g", config, resumed);
    b.loadStateDict(state);
    a.step(grad(GRADS[2]));
    b.step(grad(GRADS[2]));
    assertThat(resumed.array("net.w")).isEqualTo(straight.array("net.w"));
    assertThat(b.stepCount("net.w")).isEqualTo(3);
  }

  @Test
  void aParameterWithoutGradientIsLeftAloneLikePyTorchsNoneGrad() {
    SameDiff sd = SameDiff.create();
    sd.var("a", Nd4j.createFromArray(1.0, 2.0));
    sd.var("b", Nd4j.createFromArray(3.0));
    ParameterGroup params = ParameterGroup.of(sd, List.of("a", "b"));
    Adam adam = new Adam("g", AdamConfig.builder().build(), params);
    adam.step(Map.of("a", Nd4j.createFromArray(1.0, 1.0)));
    assertThat(params.array("b").getDouble(0)).isEqualTo(3.0);
    assertThat(adam.stepCount("b")).isZero();
    assertThat(adam.stateDict()).doesNotContainKey("b.step");
  }

  @Test
  void rejectsGradientsOfForeignVariablesAndBadShapes() {
    Adam adam = new Adam("g", AdamConfig.builder().build(), group(P0));
    assertThatThrownBy(() -> adam.step(Map.of("d.w", Nd4j.createFromArray(1.0))))
        .hasMessageContaining("'d.w'")
        .hasMessageContaining("not one of its parameters");
    assertThatThrownBy(() -> adam.step(Map.of("net.w", Nd4j.createFromArray(1.0, 2.0))))
        .hasMessageContaining("gradient of 'net.w'");
    assertThatThrownBy(
            () -> adam.loadStateDict(Map.of("net.w.exp_avg", Nd4j.zeros(DataType.DOUBLE, 3))))
        .hasMessageContaining("incomplete");
  }

  @Test
  void configRejectsOutOfRangeBetas() {
    assertThatThrownBy(() -> AdamConfig.builder().betas(1.0, 0.9).build())
        .hasMessageContaining("beta1");
    assertThatThrownBy(() -> AdamConfig.builder().lr(-1).build()).hasMessageContaining("lr");
  }
}

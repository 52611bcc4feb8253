package io.gpunit.losses.objective;

import static io.gpunit.losses.testing.LossChecks.assertGradientsMatchFiniteDifferences;
import static io.gpunit.losses.testing.LossChecks.uniform;
import static io.gpunit.losses.testing.LossChecks.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.losses.latent.KlLoss;
import io.gpunit.losses.reconstruction.L1Loss;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

class ObjectiveTest {

  private final INDArray a = uniform(111, -1, 1, 2, 3);
  private final INDArray b = uniform(112, -1, 1, 2, 3);

  @Test
  void totalAndReportHoldWeightedAndRawValuesOfEveryTerm() {
    SameDiff sd = SameDiff.create();
    SDVariable av = sd.var("a", a);
    SDVariable bv = sd.var("b", b);
    SDVariable rec = L1Loss.builder().weight(10).build().apply(sd, av, bv);
    SDVariable kl = KlLoss.builder().weight(0.01).build().apply(sd, av);
    Objective objective =
        Objective.builder(sd).add(rec).add("kl", kl).add("extra", 3, bv.mul(bv).sum()).build("g_total");

    double[] x = values(a);
    double[] y = values(b);
    double l1 = 0;
    double sq = 0;
    double extra = 0;
    for (int i = 0; i < x.length; i++) {
      l1 += Math.abs(x[i] - y[i]) / x.length;
      sq += x[i] * x[i] / x.length;
      extra += y[i] * y[i];
    }
    Map<String, org.nd4j.linalg.api.ndarray.INDArray> out = sd.output(Map.of(), objective.outputNames());
    Map<String, Objective.TermValue> report = objective.report(out);
    assertThat(report.keySet()).containsExactly("l1", "kl", "extra");
    assertThat(report.get("l1").raw()).isCloseTo(l1, within(1e-12));
    assertThat(report.get("l1").weighted()).isCloseTo(10 * l1, within(1e-12));
    assertThat(report.get("kl").raw()).isCloseTo(sq, within(1e-12));
    assertThat(report.get("kl").weighted()).isCloseTo(0.01 * sq, within(1e-12));
    assertThat(report.get("extra").raw()).isCloseTo(extra, within(1e-12));
    assertThat(report.get("extra").weighted()).isCloseTo(3 * extra, within(1e-12));
    assertThat(objective.totalValue(out)).isCloseTo(10 * l1 + 0.01 * sq + 3 * extra, within(1e-12));
    assertThat(objective.total().name()).isEqualTo("g_total");
  }

  @Test
  void totalGradientMatchesFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    SDVariable av = sd.var("a", a);
    SDVariable bv = sd.var("b", b);
    Objective objective =
        Objective.builder(sd)
            .add(L1Loss.builder().weight(2).build().apply(sd, av, bv))
            .add("kl", 0.5, KlLoss.builder().build().apply(sd, bv))
            .build("total");
    assertGradientsMatchFiniteDifferences(sd, objective.total(), "a", "b");
  }

  @Test
  void duplicateTermNamesAndMissingOutputsAreReported() {
    SameDiff sd = SameDiff.create();
    SDVariable av = sd.var("a", a);
    SDVariable kl = KlLoss.builder().build().apply(sd, av);
    assertThatThrownBy(() -> Objective.builder(sd).add("x", kl).add("x", kl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already has a term named 'x'");
    Objective objective = Objective.builder(sd).add(kl).build("total");
    assertThatThrownBy(() -> objective.report(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outputNames");
  }
}

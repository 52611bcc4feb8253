package io.gpunit.losses.reconstruction;

import static io.gpunit.losses.testing.LossChecks.assertGradientsMatchFiniteDifferences;
import static io.gpunit.losses.testing.LossChecks.eval;
import static io.gpunit.losses.testing.LossChecks.uniform;
import static io.gpunit.losses.testing.LossChecks.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.losses.Loss;
import io.gpunit.losses.Reduction;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class L1LossTest {

  private final INDArray a = uniform(1, -1, 1, 2, 3, 2, 2);
  private final INDArray b = uniform(2, -1, 1, 2, 3, 2, 2);
  private final INDArray mask = uniform(3, 0, 1, 2, 1, 2, 2);

  @Test
  void meanIsTheAverageAbsoluteDifferenceTimesTheWeight() {
    SameDiff sd = SameDiff.create();
    SDVariable loss = L1Loss.builder().weight(2.5).build().apply(sd, sd.var("a", a), sd.var("b", b));
    double[] x = values(a);
    double[] y = values(b);
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += Math.abs(x[i] - y[i]);
    }
    assertThat(eval(sd, loss)).isCloseTo(2.5 * sum / x.length, within(1e-12));
    assertThat(eval(sd, sd.getVariable(Loss.rawName(loss.name()))))
        .isCloseTo(sum / x.length, within(1e-12));
  }

  @Test
  void maskedMeanAveragesOverTheMaskedElementsWithTheMaskBroadcastOverChannels() {
    SameDiff sd = SameDiff.create();
    SDVariable loss =
        L1Loss.builder().build().apply(sd, sd.var("a", a), sd.var("b", b), sd.var("m", mask));
    double[] x = values(a);
    double[] y = values(b);
    double[] m = values(mask);
    double num = 0;
    double den = 0;
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 4; p++) {
          int i = (n * 3 + c) * 4 + p;
          double w = m[n * 4 + p];
          num += w * Math.abs(x[i] - y[i]);
          den += w;
        }
      }
    }
    assertThat(eval(sd, loss)).isCloseTo(num / den, within(1e-12));
  }

  @Test
  void sumReductionAddsTheMaskedTerms() {
    SameDiff sd = SameDiff.create();
    SDVariable loss =
        L1Loss.builder()
            .reduction(Reduction.SUM)
            .build()
            .apply(sd, sd.var("a", a), sd.var("b", b), sd.var("m", mask));
    double[] x = values(a);
    double[] y = values(b);
    double[] m = values(mask);
    double num = 0;
    for (int i = 0; i < x.length; i++) {
      num += m[(i / 12) * 4 + i % 4] * Math.abs(x[i] - y[i]);
    }
    assertThat(eval(sd, loss)).isCloseTo(num, within(1e-12));
  }

  @Test
  void allZeroMaskGivesZeroNotNaN() {
    SameDiff sd = SameDiff.create();
    INDArray zero = mask.mul(0);
    SDVariable loss =
        L1Loss.builder().build().apply(sd, sd.var("a", a), sd.var("b", b), sd.var("m", zero));
    assertThat(eval(sd, loss)).isZero();
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    SDVariable loss =
        L1Loss.builder()
            .weight(0.7)
            .build()
            .apply(sd, sd.var("a", a), sd.var("b", b), sd.var("m", mask));
    assertGradientsMatchFiniteDifferences(sd, loss, "a", "b", "m");
  }

  @Test
  void mismatchedShapesAreRejectedWithBothNames() {
    SameDiff sd = SameDiff.create();
    SDVariable p = sd.var("pred", DataType.DOUBLE, 2, 3);
    SDVariable t = sd.var("target", DataType.DOUBLE, 2, 4);
    assertThatThrownBy(() -> L1Loss.builder().build().apply(sd, p, t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pred")
        .hasMessageContaining("target")
        .hasMessageContaining("[2, 4]");
  }

  @Test
  void secondUseInTheSameGraphGetsAFreshName() {
    SameDiff sd = SameDiff.create();
    L1Loss l1 = L1Loss.builder().build();
    SDVariable first = l1.apply(sd, sd.var("a", a), sd.var("b", b));
    SDVariable second = l1.apply(sd, sd.getVariable("b"), sd.getVariable("a"));
    assertThat(first.name()).isEqualTo("l1");
    assertThat(second.name()).isEqualTo("l1_1");
    assertThat(eval(sd, second)).isCloseTo(eval(sd, first), within(1e-12));
  }
}

package io.gpunit.losses.regularization;

import static io.gpunit.losses.testing.LossChecks.assertGradientsMatchFiniteDifferences;
import static io.gpunit.losses.testing.LossChecks.eval;
import static io.gpunit.losses.testing.LossChecks.uniform;
import static io.gpunit.losses.testing.LossChecks.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

class MaskSparsityLossTest {

  private final INDArray small = uniform(51, 0.05, 1, 2, 2, 2, 2);
  private final INDArray large = uniform(52, 0.05, 1, 2, 1, 4, 4);

  private static double meanAbs(INDArray a) {
    double s = 0;
    double[] v = values(a);
    for (double x : v) {
      s += Math.abs(x);
    }
    return s / v.length;
  }

  @Test
  void valueIsTheSumOfEachMasksMean() {
    SameDiff sd = SameDiff.create();
    SDVariable loss =
        MaskSparsityLoss.builder().weight(2).build().apply(sd, List.of(sd.var("m0", small), sd.var("m1", large)));
    assertThat(eval(sd, loss)).isCloseTo(2 * (meanAbs(small) + meanAbs(large)), within(1e-12));
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    SDVariable loss = MaskSparsityLoss.builder().build().apply(sd, List.of(sd.var("m0", small), sd.var("m1", large)));
    assertGradientsMatchFiniteDifferences(sd, loss, "m0", "m1");
  }

  @Test
  void noMasksIsRejected() {
    assertThatThrownBy(() -> MaskSparsityLoss.builder().build().apply(SameDiff.create(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one mask");
  }
}

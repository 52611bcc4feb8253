package io.gpunit.losses.content;

import static io.gpunit.losses.testing.LossChecks.assertGradientsMatchFiniteDifferences;
import static io.gpunit.losses.testing.LossChecks.assertNoGradient;
import static io.gpunit.losses.testing.LossChecks.eval;
import static io.gpunit.losses.testing.LossChecks.uniform;
import static io.gpunit.losses.testing.LossChecks.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

class ContentLossTest {

  private final INDArray out = uniform(41, -1, 1, 2, 1, 3, 3);
  private final INDArray code = uniform(42, -1, 1, 2, 1, 3, 3);

  @Test
  void valueIsMeanAbsoluteDifferenceOfCodes() {
    SameDiff sd = SameDiff.create();
    SDVariable loss = ContentLoss.builder().weight(1.5).build().apply(sd, sd.var("o", out), sd.var("c", code));
    double[] a = values(out);
    double[] b = values(code);
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    assertThat(eval(sd, loss)).isCloseTo(1.5 * s / a.length, within(1e-12));
  }

  @Test
  void gradientReachesTheOutputCodeOnly() {
    SameDiff sd = SameDiff.create();
    SDVariable loss = ContentLoss.builder().build().apply(sd, sd.var("o", out), sd.var("c", code));
    assertGradientsMatchFiniteDifferences(sd, loss, "o");
    assertNoGradient(sd, loss, "c");
  }
}

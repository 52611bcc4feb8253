package io.gpunit.losses.latent;

import static io.gpunit.losses.testing.LossChecks.assertGradientsMatchFiniteDifferences;
import static io.gpunit.losses.testing.LossChecks.eval;
import static io.gpunit.losses.testing.LossChecks.uniform;
import static io.gpunit.losses.testing.LossChecks.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.losses.Reduction;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

class KlLossTest {

  private final INDArray mu = uniform(61, -2, 2, 2, 4, 2, 2);

  @Test
  void valueIsMeanOfSquaredMeans() {
    SameDiff sd = SameDiff.create();
    SDVariable mean = KlLoss.builder().weight(0.01).build().apply(sd, sd.var("mu", mu));
    SDVariable sum = KlLoss.builder().reduction(Reduction.SUM).build().apply(sd, sd.getVariable("mu"));
    double s = 0;
    for (double v : values(mu)) {
      s += v * v;
    }
    assertThat(eval(sd, mean)).isCloseTo(0.01 * s / mu.length(), within(1e-12));
    assertThat(eval(sd, sum)).isCloseTo(s, within(1e-12));
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    SDVariable loss = KlLoss.builder().build().apply(sd, sd.var("mu", mu));
    assertGradientsMatchFiniteDifferences(sd, loss, "mu");
  }
}

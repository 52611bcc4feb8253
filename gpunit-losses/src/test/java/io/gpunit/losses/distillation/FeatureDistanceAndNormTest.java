package io.gpunit.losses.distillation;

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

class FeatureDistanceAndNormTest {

  private final INDArray a = uniform(71, -1, 1, 2, 1, 3, 3);
  private final INDArray b = uniform(72, -1, 1, 2, 1, 3, 3);

  @Test
  void featureDistanceIsL1ToTheDetachedPairedCode() {
    SameDiff sd = SameDiff.create();
    SDVariable loss = FeatureDistanceLoss.builder().build().apply(sd, sd.var("a", a), sd.var("b", b));
    double[] x = values(a);
    double[] y = values(b);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += Math.abs(x[i] - y[i]);
    }
    assertThat(eval(sd, loss)).isCloseTo(s / x.length, within(1e-12));
    assertGradientsMatchFiniteDifferences(sd, loss, "a");
    assertNoGradient(sd, loss, "b");
  }

  @Test
  void contentNormIsTheFrobeniusNormOfTheWholeBatch() {
    SameDiff sd = SameDiff.create();
    SDVariable loss = ContentNormRegularizer.builder().weight(0.001).build().apply(sd, sd.var("c", a));
    double s = 0;
    for (double v : values(a)) {
      s += v * v;
    }
    assertThat(eval(sd, loss)).isCloseTo(0.001 * Math.sqrt(s), within(1e-15));
    assertGradientsMatchFiniteDifferences(sd, loss, "c");
  }
}

package io.gpunit.losses.style;

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

class StyleLossTest {

  private static final int N = 2;
  private static final int C = 3;
  private static final int HW = 6;
  private final INDArray fake = uniform(21, -1, 1, N, C, 2, 3);
  private final INDArray real = uniform(22, -1, 1, N, C, 2, 3);

  private static double[] channelMeans(INDArray f) {
    double[] v = values(f);
    double[] m = new double[N * C];
    for (int i = 0; i < v.length; i++) {
      m[i / HW] += v[i] / HW;
    }
    return m;
  }

  @Test
  void valueIsL1BetweenChannelMeans() {
    SameDiff sd = SameDiff.create();
    SDVariable loss = StyleLoss.builder().weight(50).build().apply(sd, sd.var("f", fake), sd.var("r", real));
    double[] a = channelMeans(fake);
    double[] b = channelMeans(real);
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    assertThat(eval(sd, loss)).isCloseTo(50 * s / a.length, within(1e-12));
  }

  @Test
  void gradientReachesTheOutputFeaturesOnly() {
    SameDiff sd = SameDiff.create();
    SDVariable loss = StyleLoss.builder().build().apply(sd, sd.var("f", fake), sd.var("r", real));
    assertGradientsMatchFiniteDifferences(sd, loss, "f");
    assertNoGradient(sd, loss, "r");
  }
}

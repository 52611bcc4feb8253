package io.gpunit.losses.style;

import static io.gpunit.losses.testing.LossChecks.assertGradientsMatchFiniteDifferences;
import static io.gpunit.losses.testing.LossChecks.eval;
import static io.gpunit.losses.testing.LossChecks.uniform;
import static io.gpunit.losses.testing.LossChecks.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

class GramStyleLossTest {

  private static final int N = 2;
  private static final int C = 3;
  private static final int HW = 4;
  private final INDArray fake = uniform(31, -1, 1, N, C, 2, 2);
  private final INDArray real = uniform(32, -1, 1, N, C, 2, 2);

  private static double[] gram(INDArray f) {
    double[] v = values(f);
    double[] g = new double[N * C * C];
    for (int n = 0; n < N; n++) {
      for (int i = 0; i < C; i++) {
        for (int j = 0; j < C; j++) {
          double s = 0;
          for (int p = 0; p < HW; p++) {
            s += v[(n * C + i) * HW + p] * v[(n * C + j) * HW + p];
          }
          g[(n * C + i) * C + j] = s / (C * HW);
        }
      }
    }
    return g;
  }

  @Test
  void valueIsMseBetweenNormalisedGramMatrices() {
    SameDiff sd = SameDiff.create();
    SDVariable loss = GramStyleLoss.builder().weight(4).build().apply(sd, sd.var("f", fake), sd.var("r", real));
    double[] a = gram(fake);
    double[] b = gram(real);
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    assertThat(eval(sd, loss)).isCloseTo(4 * s / a.length, within(1e-12));
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    SDVariable loss = GramStyleLoss.builder().build().apply(sd, sd.var("f", fake), sd.var("r", real));
    assertGradientsMatchFiniteDifferences(sd, loss, "f");
  }
}

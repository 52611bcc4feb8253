package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class KernelDistanceTest {

  @Test
  void matchesAHandComputedCase() {
    // d = 2, k(a,b) = (a·b/2 + 1)³. k(x₁,x₂) = 1, k(y₁,y₂) = 1;
    // k(x₁,y₁) = k(x₂,y₁) = 1.5³ = 3.375, k(xᵢ,y₂) = 1.
    // MMD² = 2/2 + 2/2 − 2·(2·3.375 + 2)/4 = −2.375.
    var x = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}});
    var y = Nd4j.createFromArray(new double[][] {{1, 1}, {0, 0}});
    assertThat(KernelDistance.between(x, y)).isCloseTo(-2.375, within(1e-12));
  }

  @Test
  void identicalSetsScoreTheNegativeDiagonalCorrection() {
    // With y = x the estimate is (2/(m(m−1)) − 2/m²)·S_off − (2/m²)·S_diag, S over k(xᵢ, xⱼ):
    // small, negative, and not exactly 0.
    double[][] x = FrechetDistanceTest.gaussian(new Random(5), 30, 4, 0, 1);
    int m = x.length;
    double off = 0;
    double diag = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        double dot = 0;
        for (int c = 0; c < 4; c++) {
          dot += x[i][c] * x[j][c];
        }
        double k = Math.pow(dot / 4 + 1, 3);
        if (i == j) {
          diag += k;
        } else {
          off += k;
        }
      }
    }
    double expected = (2.0 / (m * (m - 1.0)) - 2.0 / (m * m)) * off - 2.0 / (m * m) * diag;
    assertThat(KernelDistance.between(x, x)).isCloseTo(expected, within(1e-9));
    assertThat(Math.abs(expected)).isLessThan(0.2 * diag / m);
  }

  @Test
  void isUnbiasedForSetsFromOneDistributionAndPositiveForShiftedOnes() {
    Random random = new Random(6);
    int repeats = 30;
    double sum = 0;
    double sumSq = 0;
    for (int r = 0; r < repeats; r++) {
      double v =
          KernelDistance.between(
              FrechetDistanceTest.gaussian(random, 40, 3, 0, 1),
              FrechetDistanceTest.gaussian(random, 40, 3, 0, 1));
      sum += v;
      sumSq += v * v;
    }
    double mean = sum / repeats;
    double std = Math.sqrt(sumSq / repeats - mean * mean);
    assertThat(Math.abs(mean)).isLessThan(4 * std / Math.sqrt(repeats));
    double shifted =
        KernelDistance.between(
            FrechetDistanceTest.gaussian(random, 40, 3, 0, 1),
            FrechetDistanceTest.gaussian(random, 40, 3, 1.5, 1));
    assertThat(shifted).isGreaterThan(mean + 10 * std);
  }
}

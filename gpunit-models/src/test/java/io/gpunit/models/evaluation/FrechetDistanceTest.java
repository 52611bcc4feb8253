package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class FrechetDistanceTest {

  @Test
  void isZeroBetweenIdenticalSets() {
    double[][] x = gaussian(new Random(1), 50, 6, 0, 1);
    assertThat(FrechetDistance.between(x, x)).isCloseTo(0, within(1e-9));
  }

  @Test
  void matchesTheOneDimensionalClosedForm() {
    // 1-D Gaussians: (μx − μy)² + σx² + σy² − 2σxσy = (μx − μy)² + (σx − σy)².
    double[][] x = gaussian(new Random(2), 40, 1, 1.5, 2);
    double[][] y = gaussian(new Random(3), 30, 1, -0.5, 0.5);
    double[] mx = momentsOfColumn(x, 0);
    double[] my = momentsOfColumn(y, 0);
    double expected = Math.pow(mx[0] - my[0], 2) + Math.pow(Math.sqrt(mx[1]) - Math.sqrt(my[1]), 2);
    assertThat(FrechetDistance.between(Nd4j.create(x), Nd4j.create(y)))
        .isCloseTo(expected, within(1e-4));
  }

  @Test
  void matchesTheDiagonalClosedForm() {
    // All sign combinations of (±a, ±b) have an exactly diagonal covariance, so FD is a sum over
    // dimensions of (μ difference)² + (σx − σy)², with σ² = n/(n−1)·a² (unbiased).
    double[][] x = {{1, 3}, {1, -3}, {-1, 3}, {-1, -3}};
    double[][] y = {{2 + 2, 5 + 1}, {2 + 2, 5 - 1}, {2 - 2, 5 + 1}, {2 - 2, 5 - 1}};
    double c = 4.0 / 3;
    double expected =
        4
            + 25
            + Math.pow(Math.sqrt(c) * 1 - Math.sqrt(c) * 2, 2)
            + Math.pow(Math.sqrt(c) * 3 - Math.sqrt(c) * 1, 2);
    assertThat(FrechetDistance.between(x, y)).isCloseTo(expected, within(1e-10));
  }

  @Test
  void matchesTheTwoByTwoTraceFormulaForCorrelatedSets() {
    // For 2×2 matrices with real non-negative eigenvalues λ₁, λ₂ of ΣxΣy:
    // Tr (ΣxΣy)^½ = √λ₁ + √λ₂ = √(Tr(ΣxΣy) + 2√(det Σx · det Σy)).
    Random random = new Random(4);
    double[][] x = new double[60][2];
    double[][] y = new double[50][2];
    for (double[] r : x) {
      double u = random.nextGaussian();
      r[0] = u;
      r[1] = 0.8 * u + 0.3 * random.nextGaussian();
    }
    for (double[] r : y) {
      double u = random.nextGaussian();
      r[0] = 1 + 2 * u;
      r[1] = -u + random.nextGaussian();
    }
    double[][] cx = covariance(x);
    double[][] cy = covariance(y);
    double[] mx = {momentsOfColumn(x, 0)[0], momentsOfColumn(x, 1)[0]};
    double[] my = {momentsOfColumn(y, 0)[0], momentsOfColumn(y, 1)[0]};
    double traceProduct =
        cx[0][0] * cy[0][0] + cx[0][1] * cy[1][0] + cx[1][0] * cy[0][1] + cx[1][1] * cy[1][1];
    double detX = cx[0][0] * cx[1][1] - cx[0][1] * cx[1][0];
    double detY = cy[0][0] * cy[1][1] - cy[0][1] * cy[1][0];
    double traceSqrt = Math.sqrt(traceProduct + 2 * Math.sqrt(detX * detY));
    double expected =
        Math.pow(mx[0] - my[0], 2)
            + Math.pow(mx[1] - my[1], 2)
            + cx[0][0]
            + cx[1][1]
            + cy[0][0]
            + cy[1][1]
            - 2 * traceSqrt;
    assertThat(FrechetDistance.between(x, y)).isCloseTo(expected, within(1e-9));
  }

  @Test
  void rejectsSetsOfDifferentDimension() {
    assertThatThrownBy(() -> FrechetDistance.between(Nd4j.rand(5, 3), Nd4j.rand(5, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension");
  }

  static double[][] gaussian(Random random, int n, int d, double mean, double std) {
    double[][] out = new double[n][d];
    for (double[] row : out) {
      for (int j = 0; j < d; j++) {
        row[j] = mean + std * random.nextGaussian();
      }
    }
    return out;
  }

  /** Mean and unbiased variance of column j. */
  private static double[] momentsOfColumn(double[][] x, int j) {
    double m = 0;
    for (double[] r : x) {
      m += r[j];
    }
    m /= x.length;
    double v = 0;
    for (double[] r : x) {
      v += (r[j] - m) * (r[j] - m);
    }
    return new double[] {m, v / (x.length - 1)};
  }

  private static double[][] covariance(double[][] x) {
    double[] m = {momentsOfColumn(x, 0)[0], momentsOfColumn(x, 1)[0]};
    double[][] c = new double[2][2];
    for (double[] r : x) {
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          c[i][j] += (r[i] - m[i]) * (r[j] - m[j]) / (x.length - 1);
        }
      }
    }
    return c;
  }
}

package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

  @Test
  void findsTheEigenvaluesOfAKnownMatrix() {
    // [[2,1],[1,2]] has eigenvalues 1 and 3; the block 5 is already diagonal.
    double[][] a = {{2, 1, 0}, {1, 2, 0}, {0, 0, 5}};
    double[] values = SymmetricEigen.of(a).values.clone();
    Arrays.sort(values);
    assertThat(values).containsExactly(new double[] {1, 3, 5}, within(1e-12));
  }

  @Test
  void squareRootSquaresBackToTheMatrix() {
    double[][] a = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 2}};
    double[][] root = SymmetricEigen.of(a).apply(Math::sqrt);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
          s += root[i][k] * root[k][j];
        }
        assertThat(s).isCloseTo(a[i][j], within(1e-10));
      }
    }
  }
}

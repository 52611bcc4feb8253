package io.gpunit.models.evaluation;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Fréchet distance between Gaussians fitted to two feature sets (FID, Heusel et al. 2017, as
 * {@code pytorch-fid} computes it):
 *
 * <pre>
 *   FD = ‖μₓ − μᵧ‖² + Tr(Σₓ + Σᵧ − 2 (Σₓ Σᵧ)^½)
 * </pre>
 *
 * with unbiased covariances (divisor N − 1, {@code numpy.cov}). The trace of the matrix square root
 * is taken in the symmetric form {@code Tr (Σₓ^½ Σᵧ Σₓ^½)^½} (same eigenvalues as Σₓ Σᵧ), whose
 * eigenvalues are real and non-negative up to rounding (negative ones are clamped to 0), so no
 * complex square root is needed. Which features it compares is up to the caller: the synthetic
 * judge's pooled features or any {@link ImageFeatures}.
 */
public final class FrechetDistance {

  private FrechetDistance() {}

  /** FD between {@code x} [N, F] and {@code y} [M, F] (N, M ≥ 2). */
  public static double between(INDArray x, INDArray y) {
    double[][][] xy = FeatureMatrices.pair(x, y, 2);
    return between(xy[0], xy[1]);
  }

  static double between(double[][] x, double[][] y) {
    double[] mx = mean(x);
    double[] my = mean(y);
    double[][] cx = covariance(x, mx);
    double[][] cy = covariance(y, my);
    double meanTerm = 0;
    for (int i = 0; i < mx.length; i++) {
      meanTerm += (mx[i] - my[i]) * (mx[i] - my[i]);
    }
    double[][] sqrtCx = SymmetricEigen.of(cx).apply(v -> Math.sqrt(Math.max(v, 0)));
    double[][] inner = multiply(multiply(sqrtCx, cy), sqrtCx);
    symmetrise(inner);
    double traceSqrt = 0;
    for (double v : SymmetricEigen.of(inner).values) {
      traceSqrt += Math.sqrt(Math.max(v, 0));
    }
    return meanTerm + trace(cx) + trace(cy) - 2 * traceSqrt;
  }

  private static double[] mean(double[][] rows) {
    double[] m = new double[rows[0].length];
    for (double[] r : rows) {
      for (int j = 0; j < m.length; j++) {
        m[j] += r[j];
      }
    }
    for (int j = 0; j < m.length; j++) {
      m[j] /= rows.length;
    }
    return m;
  }

  private static double[][] covariance(double[][] rows, double[] mean) {
    int f = mean.length;
    double[][] c = new double[f][f];
    for (double[] r : rows) {
      for (int i = 0; i < f; i++) {
        double di = r[i] - mean[i];
        for (int j = i; j < f; j++) {
          c[i][j] += di * (r[j] - mean[j]);
        }
      }
    }
    for (int i = 0; i < f; i++) {
      for (int j = i; j < f; j++) {
        c[i][j] /= rows.length - 1;
        c[j][i] = c[i][j];
      }
    }
    return c;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int n = a.length;
    int m = b[0].length;
    double[][] out = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < b.length; k++) {
        double aik = a[i][k];
        for (int j = 0; j < m; j++) {
          out[i][j] += aik * b[k][j];
        }
      }
    }
    return out;
  }

  private static void symmetrise(double[][] a) {
    for (int i = 0; i < a.length; i++) {
      for (int j = i + 1; j < a.length; j++) {
        double s = 0.5 * (a[i][j] + a[j][i]);
        a[i][j] = s;
        a[j][i] = s;
      }
    }
  }

  private static double trace(double[][] a) {
    double t = 0;
    for (int i = 0; i < a.length; i++) {
      t += a[i][i];
    }
    return t;
  }
}

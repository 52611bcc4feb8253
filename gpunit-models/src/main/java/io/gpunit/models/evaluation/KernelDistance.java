package io.gpunit.models.evaluation;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The kernel distance between two feature sets (KID, Bińkowski et al. 2018): the unbiased estimate
 * of the squared maximum mean discrepancy with the cubic polynomial kernel
 *
 * <pre>
 *   k(a, b) = (aᵀb / d + 1)³
 *   MMD²ᵤ = 1/(m(m−1)) Σ_{i≠j} k(xᵢ, xⱼ) + 1/(n(n−1)) Σ_{i≠j} k(yᵢ, yⱼ) − 2/(mn) Σᵢ Σⱼ k(xᵢ, yⱼ)
 * </pre>
 *
 * for x [m, d] and y [n, d]. Unlike FID it is unbiased, so it is meaningful for the few hundred
 * images a synthetic evaluation uses; it can be slightly negative when the sets come from one
 * distribution. Computed in a single pass over all pairs (Bińkowski et al. average it over random
 * subsets of 1000 only to bound the cost on large sets).
 */
public final class KernelDistance {

  private KernelDistance() {}

  /** MMD²ᵤ between {@code x} [m, d] and {@code y} [n, d] (m, n ≥ 2). */
  public static double between(INDArray x, INDArray y) {
    double[][][] xy = FeatureMatrices.pair(x, y, 2);
    return between(xy[0], xy[1]);
  }

  static double between(double[][] x, double[][] y) {
    int d = x[0].length;
    double kxx = offDiagonalSum(x, d) / (x.length * (x.length - 1.0));
    double kyy = offDiagonalSum(y, d) / (y.length * (y.length - 1.0));
    double kxy = 0;
    for (double[] a : x) {
      for (double[] b : y) {
        kxy += kernel(a, b, d);
      }
    }
    return kxx + kyy - 2 * kxy / ((double) x.length * y.length);
  }

  /** The cubic polynomial kernel {@code (aᵀb / d + 1)³}. */
  static double kernel(double[] a, double[] b, int d) {
    double dot = 0;
    for (int i = 0; i < d; i++) {
      dot += a[i] * b[i];
    }
    double base = dot / d + 1;
    return base * base * base;
  }

  private static double offDiagonalSum(double[][] rows, int d) {
    double s = 0;
    for (int i = 0; i < rows.length; i++) {
      for (int j = i + 1; j < rows.length; j++) {
        s += kernel(rows[i], rows[j], d);
      }
    }
    return 2 * s;
  }
}

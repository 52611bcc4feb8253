package io.gpunit.models.evaluation;

import com.google.common.base.Preconditions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How different the outputs of one content under several sampled styles are (LPIPS-like, as MUNIT
 * and GP-UNIT report diversity): each feature vector is scaled to unit length, then
 *
 * <pre>
 *   div = (1/N) Σₙ  (2 / (K(K−1))) Σ_{i&lt;j} ‖ f̂ₙᵢ − f̂ₙⱼ ‖₂,    f̂ = f / max(‖f‖₂, ε)
 * </pre>
 *
 * over N contents with K outputs each. A unimodal network (K = 1) and a network that ignores its
 * style code both score 0; the maximum is 2 (opposite unit vectors).
 */
public final class Diversity {

  private static final double EPS = 1e-12;

  private Diversity() {}

  /** {@code features} is {@code [N, K, F]}: K feature vectors for each of N contents. */
  public static double of(INDArray features) {
    Preconditions.checkArgument(
        features.rank() == 3 && features.size(0) > 0,
        "features must be [N, K, F] with N > 0, got shape %s",
        java.util.Arrays.toString(features.shape()));
    int n = (int) features.size(0);
    int k = (int) features.size(1);
    if (k < 2) {
      return 0;
    }
    int f = (int) features.size(2);
    double[] flat = features.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double total = 0;
    for (int c = 0; c < n; c++) {
      double[][] unit = new double[k][];
      for (int i = 0; i < k; i++) {
        unit[i] = unit(flat, (c * k + i) * f, f);
      }
      double sum = 0;
      for (int i = 0; i < k; i++) {
        for (int j = i + 1; j < k; j++) {
          sum += distance(unit[i], unit[j]);
        }
      }
      total += sum * 2 / (k * (k - 1.0));
    }
    return total / n;
  }

  private static double[] unit(double[] flat, int offset, int length) {
    double norm = 0;
    for (int i = 0; i < length; i++) {
      norm += flat[offset + i] * flat[offset + i];
    }
    double scale = 1 / Math.max(Math.sqrt(norm), EPS);
    double[] out = new double[length];
    for (int i = 0; i < length; i++) {
      out[i] = flat[offset + i] * scale;
    }
    return out;
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return Math.sqrt(s);
  }
}

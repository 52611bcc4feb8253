package io.gpunit.models.evaluation;

import com.google.common.base.Preconditions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How close the content codes of corresponding images are, compared to non-corresponding ones: the
 * measure of a stage-1 content encoder (GP-UNIT's {@code PriorDistillationTrainer}).
 */
public record Correspondence(double paired, double unpaired, double retrieval) {

  /**
   * Measures codes {@code a} and {@code b} [N, ...] where {@code a[i]} and {@code b[i]} show the
   * same content: {@code paired} = mean_i ‖a_i − b_i‖, {@code unpaired} = mean_{i≠j} ‖a_i − b_j‖,
   * {@code retrieval} = the fraction of i whose nearest b is b_i.
   */
  public static Correspondence of(INDArray a, INDArray b) {
    int n = (int) a.size(0);
    Preconditions.checkArgument(n >= 2 && b.size(0) == n, "need two equal batches of >= 2 codes");
    double[][] x = a.reshape(n, -1).castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] y = b.reshape(n, -1).castTo(DataType.DOUBLE).toDoubleMatrix();
    double paired = 0;
    double unpaired = 0;
    int hits = 0;
    for (int i = 0; i < n; i++) {
      int nearest = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        double d = 0;
        for (int k = 0; k < x[i].length; k++) {
          double diff = x[i][k] - y[j][k];
          d += diff * diff;
        }
        d = Math.sqrt(d);
        if (i == j) {
          paired += d;
        } else {
          unpaired += d;
        }
        if (d < best) {
          best = d;
          nearest = j;
        }
      }
      hits += nearest == i ? 1 : 0;
    }
    return new Correspondence(paired / n, unpaired / ((double) n * (n - 1)), (double) hits / n);
  }

  /** {@code paired / unpaired}: below 1 when corresponding codes are the closer ones. */
  public double ratio() {
    return paired / unpaired;
  }
}

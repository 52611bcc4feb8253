package io.gpunit.models.evaluation;

import com.google.common.base.Preconditions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fraction of images a domain classifier assigns to the target domain:
 *
 * <pre>
 *   acc = (1/N) Σᵢ [argmax_c logits[i, c] = target]
 * </pre>
 *
 * The argmax runs over every class the classifier knows, so an output that looks like a third class
 * counts as a miss.
 */
public final class DomainAccuracy {

  private DomainAccuracy() {}

  /** {@code logits} is {@code [N, C]}; {@code target} a class index in [0, C). */
  public static double of(INDArray logits, int target) {
    Preconditions.checkArgument(
        logits.rank() == 2 && logits.size(0) > 0,
        "logits must be [N, C] with N > 0, got shape %s",
        java.util.Arrays.toString(logits.shape()));
    Preconditions.checkArgument(
        target >= 0 && target < logits.size(1),
        "target class %s is outside [0, %s)",
        target,
        logits.size(1));
    double[][] rows = logits.castTo(DataType.DOUBLE).toDoubleMatrix();
    int hits = 0;
    for (double[] row : rows) {
      int best = 0;
      for (int c = 1; c < row.length; c++) {
        if (row[c] > row[best]) {
          best = c;
        }
      }
      hits += best == target ? 1 : 0;
    }
    return (double) hits / rows.length;
  }
}

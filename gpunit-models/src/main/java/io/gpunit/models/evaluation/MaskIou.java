package io.gpunit.models.evaluation;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Intersection over union of binary object masks, per image:
 *
 * <pre>
 *   IoU(P, R) = |P ∩ R| / |P ∪ R|,   P = {pixels with p ≥ 0.5},  R = {pixels with r ≥ 0.5}
 * </pre>
 *
 * with IoU = 1 when both masks are empty (nothing to disagree on). Masks are {@code [N,1,H,W]} (or
 * any {@code [N,…]}) probabilities or {0, 1} values.
 */
public final class MaskIou {

  /** The threshold a probability must reach to count as object. */
  public static final double THRESHOLD = 0.5;

  private MaskIou() {}

  /** IoU of each image's pair of masks; {@code predicted} and {@code reference} share a shape. */
  public static double[] perImage(INDArray predicted, INDArray reference) {
    Preconditions.checkArgument(
        Arrays.equals(predicted.shape(), reference.shape()),
        "mask shapes differ: predicted %s, reference %s",
        Arrays.toString(predicted.shape()),
        Arrays.toString(reference.shape()));
    int n = (int) predicted.size(0);
    Preconditions.checkArgument(n > 0, "no masks to compare");
    double[][] pm = predicted.reshape(n, -1).castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] rm = reference.reshape(n, -1).castTo(DataType.DOUBLE).toDoubleMatrix();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      long intersection = 0;
      long union = 0;
      for (int j = 0; j < pm[i].length; j++) {
        boolean a = pm[i][j] >= THRESHOLD;
        boolean b = rm[i][j] >= THRESHOLD;
        intersection += a && b ? 1 : 0;
        union += a || b ? 1 : 0;
      }
      out[i] = union == 0 ? 1.0 : (double) intersection / union;
    }
    return out;
  }

  /** The mean of {@link #perImage} over the batch. */
  public static double mean(INDArray predicted, INDArray reference) {
    return Arrays.stream(perImage(predicted, reference)).average().orElseThrow();
  }
}

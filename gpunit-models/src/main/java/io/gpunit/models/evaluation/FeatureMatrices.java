package io.gpunit.models.evaluation;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Checks and converts the {@code [N, F]} feature sets the distribution distances compare. */
final class FeatureMatrices {

  private FeatureMatrices() {}

  /** {@code x} and {@code y} as double rows, after checking both are [·, F] with the same F. */
  static double[][][] pair(INDArray x, INDArray y, int minRows) {
    check("x", x, minRows);
    check("y", y, minRows);
    Preconditions.checkArgument(
        x.size(1) == y.size(1),
        "feature sets differ in dimension: x is %s, y is %s",
        Arrays.toString(x.shape()),
        Arrays.toString(y.shape()));
    return new double[][][] {rows(x), rows(y)};
  }

  private static void check(String name, INDArray a, int minRows) {
    Preconditions.checkArgument(
        a.rank() == 2 && a.size(0) >= minRows && a.size(1) > 0,
        "feature set %s must be [N, F] with N >= %s, got shape %s",
        name,
        minRows,
        Arrays.toString(a.shape()));
  }

  private static double[][] rows(INDArray a) {
    return a.castTo(DataType.DOUBLE).toDoubleMatrix();
  }
}

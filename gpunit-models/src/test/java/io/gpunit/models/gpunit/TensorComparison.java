package io.gpunit.models.gpunit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Compares computed tensors with reference tensors, one row per tensor (relative L2 error {@code
 * ‖a−b‖₂/‖b‖₂} and max-abs error, in float64), and reports them all.
 */
public final class TensorComparison {

  /** A per-tensor bound. */
  public record Tolerance(double relL2, double maxAbs) {}

  /** The fixtures README's bounds for float32 outputs. */
  public static final Tolerance OUTPUT = new Tolerance(1e-4, 5e-4);

  /** The fixtures README's bound for spectral-norm u, v and sigma. */
  public static final Tolerance SPECTRAL = new Tolerance(1e-5, Double.POSITIVE_INFINITY);

  /** One compared tensor. */
  public record Row(String name, double relL2, double maxAbs, Tolerance tolerance, String problem) {

    public boolean ok() {
      return problem == null && relL2 <= tolerance.relL2() && maxAbs <= tolerance.maxAbs();
    }

    @Override
    public String toString() {
      if (problem != null) {
        return String.format(Locale.ROOT, "%-48s FAIL %s", name, problem);
      }
      return String.format(
          Locale.ROOT,
          "%-48s %s relL2=%.3e (≤%.0e) maxAbs=%.3e (≤%.0e)",
          name,
          ok() ? "ok  " : "FAIL",
          relL2,
          tolerance.relL2(),
          maxAbs,
          tolerance.maxAbs());
    }
  }

  private final List<Row> rows = new ArrayList<>();

  /** Compares {@code actual} with {@code expected} under {@code name}. */
  public Row compare(String name, INDArray actual, INDArray expected, Tolerance tolerance) {
    Row row;
    if (actual == null) {
      row = new Row(name, Double.NaN, Double.NaN, tolerance, "not computed");
    } else if (!Arrays.equals(actual.shape(), expected.shape())) {
      row =
          new Row(
              name,
              Double.NaN,
              Double.NaN,
              tolerance,
              "shape "
                  + Arrays.toString(actual.shape())
                  + ", expected "
                  + Arrays.toString(expected.shape()));
    } else {
      INDArray a = actual.castTo(DataType.DOUBLE);
      INDArray b = expected.castTo(DataType.DOUBLE);
      INDArray diff = a.sub(b);
      double norm = b.norm2Number().doubleValue();
      double rel = diff.norm2Number().doubleValue() / Math.max(norm, Double.MIN_NORMAL);
      double max = Transforms.abs(diff).maxNumber().doubleValue();
      String problem = Double.isFinite(rel) && Double.isFinite(max) ? null : "non-finite values";
      row = new Row(name, rel, max, tolerance, problem);
    }
    rows.add(row);
    return row;
  }

  /** Checks only that every entry of {@code actual} is at most {@code bound} in magnitude. */
  public Row bounded(String name, INDArray actual, double bound) {
    double max = actual == null ? Double.NaN : actual.amaxNumber().doubleValue();
    Tolerance tolerance = new Tolerance(Double.POSITIVE_INFINITY, bound);
    String problem =
        actual == null ? "not computed" : Double.isFinite(max) ? null : "non-finite values";
    Row row = new Row(name, 0, max, tolerance, problem);
    rows.add(row);
    return row;
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  public List<Row> failures() {
    return rows.stream().filter(r -> !r.ok()).toList();
  }

  /** Every row, one per line, failures first. */
  public String report() {
    StringBuilder sb = new StringBuilder();
    failures().forEach(r -> sb.append(r).append('\n'));
    rows.stream().filter(Row::ok).forEach(r -> sb.append(r).append('\n'));
    return sb.toString();
  }
}

package io.gpunit.core.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Compares SameDiff's gradients with central finite differences in float64.
 *
 * <pre>{@code
 * GradientCheck.of(sd).feed("x", x).wrt("x", "conv.weight").check("out").assertBelow(1e-6);
 * }</pre>
 *
 * <p>For every checked entry θᵢ the numeric gradient is {@code (L(θ+εeᵢ) − L(θ−εeᵢ)) / 2ε} and the
 * error is {@code |a − n| / (|a| + |n|)}, ignored where {@code |a − n|} is below an absolute floor
 * (both are then zero up to rounding). If the checked output is not a scalar, the loss is {@code
 * L = Σ out ⊙ R} with a fixed random R, so that every output entry gets a distinct weight: a plain
 * sum would hide errors in layers whose outputs sum to a constant (normalisations).
 *
 * <p>SameDiff differentiates only graphs with at least one VARIABLE; to check a parameter-free op,
 * make its input a variable ({@code sd.var("x", value)}) rather than a placeholder.
 *
 * <p>Every checked variable, placeholder value and the output must be DOUBLE. Instances are
 * immutable; each method returns a new check.
 */
public final class GradientCheck {

  /** The worst entry found, and the error there. */
  public record Result(
      double maxRelativeError,
      String worstVariable,
      long worstIndex,
      double analytic,
      double numeric,
      int entriesChecked) {

    /** Throws an {@link AssertionError} naming the worst entry unless the max error is below tol. */
    public Result assertBelow(double tolerance) {
      if (!(maxRelativeError < tolerance) || entriesChecked == 0) {
        throw new AssertionError(
            String.format(
                "gradient check failed: max relative error %.3e (tolerance %.1e) at %s[%d]:"
                    + " analytic %.10e, numeric %.10e (%d entries checked)",
                maxRelativeError,
                tolerance,
                worstVariable,
                worstIndex,
                analytic,
                numeric,
                entriesChecked));
      }
      return this;
    }
  }

  private final SameDiff sd;
  private final Map<String, INDArray> feed;
  private final List<String> wrt;
  private final double epsilon;
  private final double absoluteFloor;
  private final int maxEntriesPerVariable;
  private final long seed;

  private GradientCheck(
      SameDiff sd,
      Map<String, INDArray> feed,
      List<String> wrt,
      double epsilon,
      double absoluteFloor,
      int maxEntriesPerVariable,
      long seed) {
    this.sd = sd;
    this.feed = feed;
    this.wrt = wrt;
    this.epsilon = epsilon;
    this.absoluteFloor = absoluteFloor;
    this.maxEntriesPerVariable = maxEntriesPerVariable;
    this.seed = seed;
  }

  public static GradientCheck of(SameDiff sd) {
    return new GradientCheck(
        Objects.requireNonNull(sd, "sd"), Map.of(), List.of(), 1e-6, 1e-9, Integer.MAX_VALUE, 42);
  }

  /** Feeds a placeholder (a copy of {@code value} is used). */
  public GradientCheck feed(String placeholder, INDArray value) {
    requireDouble(placeholder, value);
    Map<String, INDArray> next = new LinkedHashMap<>(feed);
    next.put(placeholder, value.dup());
    return new GradientCheck(sd, next, wrt, epsilon, absoluteFloor, maxEntriesPerVariable, seed);
  }

  /** Adds variables or placeholders whose gradients are checked. */
  public GradientCheck wrt(String... names) {
    List<String> next = new ArrayList<>(wrt);
    next.addAll(Arrays.asList(names));
    return new GradientCheck(sd, feed, next, epsilon, absoluteFloor, maxEntriesPerVariable, seed);
  }

  /** Adds every SameDiff VARIABLE of the graph (inputs made variables, parameters, buffers). */
  public GradientCheck wrtAllVariables() {
    return wrtAllVariablesExcept(List.of());
  }

  /** Adds every SameDiff VARIABLE except the named ones (e.g. a scope's buffers). */
  public GradientCheck wrtAllVariablesExcept(Collection<String> excluded) {
    List<String> next = new ArrayList<>(wrt);
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE
          && !next.contains(v.name())
          && !excluded.contains(v.name())) {
        next.add(v.name());
      }
    }
    return new GradientCheck(sd, feed, next, epsilon, absoluteFloor, maxEntriesPerVariable, seed);
  }

  public GradientCheck epsilon(double value) {
    return new GradientCheck(sd, feed, wrt, value, absoluteFloor, maxEntriesPerVariable, seed);
  }

  /** Absolute differences below this are treated as agreement. */
  public GradientCheck absoluteFloor(double value) {
    return new GradientCheck(sd, feed, wrt, epsilon, value, maxEntriesPerVariable, seed);
  }

  /** Checks at most this many randomly chosen entries of each variable (all by default). */
  public GradientCheck maxEntriesPerVariable(int value) {
    return new GradientCheck(sd, feed, wrt, epsilon, absoluteFloor, value, seed);
  }

  /** Runs the check with {@code outputName} (projected to a scalar if it is not one) as the loss. */
  public Result check(String outputName) {
    if (wrt.isEmpty()) {
      throw new IllegalStateException("nothing to check: call wrt(...) first");
    }
    Map<String, INDArray> values = new LinkedHashMap<>();
    feed.forEach((k, v) -> values.put(k, v.dup()));
    String loss = scalarLoss(outputName, values);
    sd.setLossVariables(loss);
    Map<String, INDArray> analytic = sd.calculateGradients(values, wrt);

    Random random = new Random(seed);
    double worst = 0;
    String worstName = wrt.get(0);
    long worstIndex = -1;
    double worstA = Double.NaN;
    double worstN = Double.NaN;
    int checked = 0;
    for (String name : wrt) {
      INDArray param = values.containsKey(name) ? values.get(name) : sd.getVariable(name).getArr();
      requireDouble(name, param);
      INDArray grad = analytic.get(name);
      if (grad == null) {
        throw new IllegalStateException("SameDiff returned no gradient for '" + name + "'");
      }
      for (long i : entries(param.length(), random)) {
        double original = param.getDouble(i);
        param.putScalar(i, original + epsilon);
        double plus = lossValue(loss, values);
        param.putScalar(i, original - epsilon);
        double minus = lossValue(loss, values);
        param.putScalar(i, original);
        double numeric = (plus - minus) / (2 * epsilon);
        double a = grad.getDouble(i);
        double diff = Math.abs(a - numeric);
        double rel = diff < absoluteFloor ? 0 : diff / (Math.abs(a) + Math.abs(numeric));
        checked++;
        if (rel > worst || worstIndex < 0) {
          worst = Math.max(rel, worst);
          worstName = name;
          worstIndex = i;
          worstA = a;
          worstN = numeric;
        }
      }
    }
    return new Result(worst, worstName, worstIndex, worstA, worstN, checked);
  }

  private String scalarLoss(String outputName, Map<String, INDArray> values) {
    INDArray out = sd.output(values, outputName).get(outputName);
    requireDouble(outputName, out);
    if (out.length() == 1) {
      return outputName;
    }
    Random random = new Random(seed);
    double[] weights = new double[Math.toIntExact(out.length())];
    Arrays.setAll(weights, i -> 2 * random.nextDouble() - 1);
    SDVariable r = sd.constant(Nd4j.create(weights, out.shape(), DataType.DOUBLE));
    return sd.sum(sd.getVariable(outputName).mul(r)).name();
  }

  private double lossValue(String loss, Map<String, INDArray> values) {
    return sd.output(values, loss).get(loss).getDouble(0);
  }

  private long[] entries(long length, Random random) {
    if (length <= maxEntriesPerVariable) {
      long[] all = new long[Math.toIntExact(length)];
      Arrays.setAll(all, i -> i);
      return all;
    }
    return random.longs(0, length).distinct().limit(maxEntriesPerVariable).toArray();
  }

  private static void requireDouble(String name, INDArray value) {
    if (value == null) {
      throw new IllegalArgumentException("'" + name + "' has no value");
    }
    if (value.dataType() != DataType.DOUBLE) {
      throw new IllegalArgumentException(
          "gradient checks need float64: '" + name + "' is " + value.dataType());
    }
  }
}

package io.gpunit.losses.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.testing.GradientCheck;
import java.util.Collections;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Float64 helpers for the loss tests: random inputs, scalar evaluation, finite differences. */
public final class LossChecks {

  private LossChecks() {}

  /** Uniform values on [lo, hi] from a seeded {@link Random}, as a float64 array. */
  public static INDArray uniform(long seed, double lo, double hi, long... shape) {
    Random random = new Random(seed);
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    double[] v = new double[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = lo + (hi - lo) * random.nextDouble();
    }
    return Nd4j.create(v, shape, DataType.DOUBLE);
  }

  /** The values of {@code a} in C order. */
  public static double[] values(INDArray a) {
    return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
  }

  /** The scalar value of {@code out}, with no placeholders. */
  public static double eval(SameDiff sd, SDVariable out) {
    return eval(sd, out, Collections.emptyMap());
  }

  public static double eval(SameDiff sd, SDVariable out, Map<String, INDArray> feeds) {
    INDArray v = sd.output(feeds, out.name()).get(out.name());
    assertThat(v.length()).as("'%s' is a scalar", out.name()).isEqualTo(1);
    return v.getDouble(0);
  }

  /**
   * Asserts, with the core test-jar's {@link GradientCheck}, that SameDiff's gradient of {@code loss}
   * w.r.t. each named float64 variable matches central finite differences in every entry.
   */
  public static void assertGradientsMatchFiniteDifferences(
      SameDiff sd, SDVariable loss, String... variables) {
    GradientCheck.of(sd).wrt(variables).check(loss.name()).assertBelow(1e-6);
  }

  /** Asserts that the gradient of {@code loss} w.r.t. {@code variable} is exactly zero. */
  public static void assertNoGradient(SameDiff sd, SDVariable loss, String variable) {
    sd.setLossVariables(loss);
    INDArray grad = sd.calculateGradients(Collections.emptyMap(), variable).get(variable);
    if (grad != null) {
      assertThat(grad.amaxNumber().doubleValue()).as("gradient reaching %s", variable).isZero();
    }
  }
}

package io.gpunit.losses.adversarial;

import static io.gpunit.losses.testing.LossChecks.assertGradientsMatchFiniteDifferences;
import static io.gpunit.losses.testing.LossChecks.eval;
import static io.gpunit.losses.testing.LossChecks.uniform;
import static io.gpunit.losses.testing.LossChecks.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.losses.Reduction;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdversarialLossTest {

  // Logits kept away from the kinks of |z| and max(0, ·) at 0 and ±1 so differences are smooth.
  private static final INDArray REAL = Nd4j.create(new double[] {-2.3, -0.6, 0.4, 1.7, 3.1, -1.4}, new long[] {6}, DataType.DOUBLE);
  private static final INDArray FAKE = Nd4j.create(new double[] {-3.2, -0.3, 0.7, 1.2, -1.9, 2.6}, new long[] {6}, DataType.DOUBLE);

  /** −log σ(z) = log(1 + e^−z), computed the textbook way (fine for moderate z). */
  private static double bceOne(double z) {
    return -Math.log(1 / (1 + Math.exp(-z)));
  }

  private static double bceZero(double z) {
    return -Math.log(1 - 1 / (1 + Math.exp(-z)));
  }

  static Stream<Arguments> kinds() {
    DoubleUnaryOperator relu = v -> Math.max(0, v);
    return Stream.of(
        Arguments.of("non-saturating", NonSaturatingLoss.builder().weight(2).build(),
            (DoubleUnaryOperator) AdversarialLossTest::bceOne,
            (DoubleUnaryOperator) AdversarialLossTest::bceZero,
            (DoubleUnaryOperator) AdversarialLossTest::bceOne),
        Arguments.of("lsgan", LsganLoss.builder().weight(2).build(),
            (DoubleUnaryOperator) z -> (z - 1) * (z - 1),
            (DoubleUnaryOperator) z -> z * z,
            (DoubleUnaryOperator) z -> (z - 1) * (z - 1)),
        Arguments.of("hinge", HingeLoss.builder().weight(2).build(),
            (DoubleUnaryOperator) z -> relu.applyAsDouble(1 - z),
            (DoubleUnaryOperator) z -> relu.applyAsDouble(1 + z),
            (DoubleUnaryOperator) z -> -z));
  }

  private static double mean(INDArray a, DoubleUnaryOperator f) {
    double[] v = values(a);
    double s = 0;
    for (double z : v) {
      s += f.applyAsDouble(z);
    }
    return s / v.length;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void discriminatorAndGeneratorValuesMatchHandComputation(
      String label, AdversarialLoss loss, DoubleUnaryOperator real, DoubleUnaryOperator fake,
      DoubleUnaryOperator gen) {
    SameDiff sd = SameDiff.create();
    SDVariable d = loss.discriminator(sd, sd.var("real", REAL), sd.var("fake", FAKE));
    SDVariable g = loss.generator(sd, sd.getVariable("fake"));
    assertThat(eval(sd, d)).isCloseTo(2 * (mean(REAL, real) + mean(FAKE, fake)), within(1e-12));
    assertThat(eval(sd, g)).isCloseTo(2 * mean(FAKE, gen), within(1e-12));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void gradientsMatchFiniteDifferences(
      String label, AdversarialLoss loss, DoubleUnaryOperator real, DoubleUnaryOperator fake,
      DoubleUnaryOperator gen) {
    SameDiff sd = SameDiff.create();
    SDVariable d = loss.discriminator(sd, sd.var("real", REAL), sd.var("fake", FAKE));
    assertGradientsMatchFiniteDifferences(sd, d, "real", "fake");
    SameDiff sg = SameDiff.create();
    SDVariable g = loss.generator(sg, sg.var("fake", FAKE));
    assertGradientsMatchFiniteDifferences(sg, g, "fake");
  }

  @Test
  void nonSaturatingStaysFiniteAndExactForHugeLogits() {
    SameDiff sd = SameDiff.create();
    INDArray huge = Nd4j.create(new double[] {-800, 800}, new long[] {2}, DataType.DOUBLE);
    SDVariable g =
        NonSaturatingLoss.builder().reduction(Reduction.SUM).build().generator(sd, sd.var("z", huge));
    // softplus(800) = 800 (+ e^−800), softplus(−800) = e^−800 ≈ 0.
    assertThat(eval(sd, g)).isCloseTo(800, within(1e-9));
    sd.setLossVariables(g);
    INDArray grad = sd.calculateGradients(java.util.Collections.emptyMap(), "z").get("z");
    assertThat(grad.getDouble(0)).isCloseTo(-1, within(1e-12));
    assertThat(grad.getDouble(1)).isCloseTo(0, within(1e-12));
  }
}

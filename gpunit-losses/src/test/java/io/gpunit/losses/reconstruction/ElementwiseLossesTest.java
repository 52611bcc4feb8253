package io.gpunit.losses.reconstruction;

import static io.gpunit.losses.testing.LossChecks.assertGradientsMatchFiniteDifferences;
import static io.gpunit.losses.testing.LossChecks.eval;
import static io.gpunit.losses.testing.LossChecks.uniform;
import static io.gpunit.losses.testing.LossChecks.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.losses.Distance;
import io.gpunit.losses.Reduction;
import io.gpunit.losses.distillation.ShapeReconstructionLoss;
import io.gpunit.losses.latent.LatentReconstructionLoss;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** MSE and the L1 losses named for their role: value by hand, gradient by finite differences. */
class ElementwiseLossesTest {

  private static final INDArray A = uniform(11, -2, 2, 2, 2, 3);
  private static final INDArray B = uniform(12, -2, 2, 2, 2, 3);

  static Stream<Arguments> losses() {
    return Stream.of(
        Arguments.of("mse", (Supplier<ElementwiseLoss>) () -> MseLoss.builder().weight(3).build(), true, 3.0, false),
        Arguments.of("cycle", (Supplier<ElementwiseLoss>) () -> CycleConsistencyLoss.builder().weight(10).build(), false, 10.0, false),
        Arguments.of("cycle-l2-sum", (Supplier<ElementwiseLoss>) () -> CycleConsistencyLoss.builder().distance(Distance.SQUARED).reduction(Reduction.SUM).build(), true, 1.0, true),
        Arguments.of("identity", (Supplier<ElementwiseLoss>) () -> IdentityLoss.builder().weight(5).build(), false, 5.0, false),
        Arguments.of("latent", (Supplier<ElementwiseLoss>) () -> LatentReconstructionLoss.builder().build(), false, 1.0, false),
        Arguments.of("shape", (Supplier<ElementwiseLoss>) () -> ShapeReconstructionLoss.builder().weight(5).build(), false, 5.0, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void valueMatchesHandComputation(
      String label, Supplier<ElementwiseLoss> loss, boolean squared, double weight, boolean sum) {
    SameDiff sd = SameDiff.create();
    SDVariable out = loss.get().apply(sd, sd.var("a", A), sd.var("b", B));
    double[] x = values(A);
    double[] y = values(B);
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - y[i];
      total += squared ? d * d : Math.abs(d);
    }
    double expected = weight * (sum ? total : total / x.length);
    assertThat(eval(sd, out)).isCloseTo(expected, within(1e-12));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void gradientMatchesFiniteDifferences(
      String label, Supplier<ElementwiseLoss> loss, boolean squared, double weight, boolean sum) {
    SameDiff sd = SameDiff.create();
    SDVariable out = loss.get().apply(sd, sd.var("a", A), sd.var("b", B));
    assertGradientsMatchFiniteDifferences(sd, out, "a", "b");
  }
}

package io.gpunit.models.gpunit.stage2;

import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.regularization.R1Penalty;
import io.gpunit.models.gpunit.Discriminator;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * R1 = γ·½·E‖∇_y D(y)‖² on the real batch y, on a graph of its own holding a copy of D: D is
 * {@linkplain LinearisedDiscriminator linearised} at y, so {@link R1Penalty}'s central difference
 * gives the exact parameter gradient at any step (R1GradientTest).
 */
final class R1Term {

  /**
   * R1's largest input-pixel step. D is linearised at the real batch, so the central difference is
   * exact at any step; a large one keeps the difference far above float32 rounding (the two
   * parameter gradients differ by O(step), their rounding is O(1e-7)).
   */
  static final double STEP = 1;

  private static final String REAL = "real";

  private final SameDiff sd;
  private final LinearisedDiscriminator linearised;
  private final R1Penalty penalty;

  /**
   * D's copy under {@code prefix}, for batches of {@code batch} real images of side {@code size}.
   */
  R1Term(Discriminator discriminator, String prefix, int batch, int size, double gamma, long seed) {
    Scope root = Scope.root(SameDiff.create(), Mode.TRAINING, seed);
    this.sd = root.sd();
    SDVariable real = sd.placeHolder(REAL, DataType.FLOAT, batch, 3, size, size);
    this.linearised =
        new LinearisedDiscriminator(
            discriminator, root.child(prefix), real, "r1.at", real.getShape());
    this.penalty = R1Penalty.builder().gamma(gamma).step(STEP).build();
  }

  /** The graph holding this copy of D (to keep it equal to the others). */
  SameDiff graph() {
    return sd;
  }

  /** R1's value and its gradient with respect to D's {@code parameters} at the real batch. */
  R1Penalty.Result compute(INDArray real, List<String> parameters) {
    return penalty.compute(sd, REAL, linearised.logit(), real, linearised.feeds(real), parameters);
  }
}

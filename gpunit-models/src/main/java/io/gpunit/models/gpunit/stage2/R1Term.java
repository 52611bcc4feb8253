package io.gpunit.models.gpunit.stage2;

import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.regularization.R1Penalty;
import io.gpunit.models.gpunit.Discriminator;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * R1 = γ·½·E‖∇_y D(y)‖² on the real batch y and its exact parameter gradient, from D's own update
 * pass and D's {@linkplain LinearisedDiscriminator linear part} at y, on a graph of its own holding
 * that part.
 *
 * <p>D's update already runs D over y, forward and backward: its pre-activations give the slopes
 * that linearise D at y, and its loss's gradients give g = ∇_y ΣD(y) ({@link
 * R1Penalty#inputGradientFromLoss}). What is left is one parameter gradient of the linear part at
 * input g, where {@code train.py}'s double backward costs two backward passes (R1GradientTest
 * checks the result against finite differences of R1).
 */
final class R1Term {

  private static final String REAL = "real";

  private final SameDiff sd;
  private final LinearisedDiscriminator linearised;
  private final R1Penalty penalty;

  /**
   * D's linear part under {@code prefix}, for batches of {@code batch} real images of side {@code
   * size}.
   */
  R1Term(Discriminator discriminator, String prefix, int batch, int size, double gamma, long seed) {
    Scope root = Scope.root(SameDiff.create(), Mode.TRAINING, seed);
    this.sd = root.sd();
    SDVariable real = sd.placeHolder(REAL, DataType.FLOAT, batch, 3, size, size);
    this.linearised =
        new LinearisedDiscriminator(discriminator, root.child(prefix), real, "r1.slope");
    this.penalty = R1Penalty.builder().gamma(gamma).build();
  }

  /** The graph holding this copy of D (to keep it equal to the others). */
  SameDiff graph() {
    return sd;
  }

  /**
   * R1's value and its gradient with respect to D's {@code parameters} at the real batch {@code
   * real}, rows {@code from} onwards of a pass of D in D's update that gave {@code preActivations}
   * and its loss's gradients with respect to the real images ({@code lossGradient}) and their
   * logits ({@code logitGradient}). Where a logit is too confident for g to be recovered from them,
   * the linear part's own input gradient gives g, at the cost of one more pass. The biases, which
   * the linear part leaves out, have no R1 gradient: ∇_y D does not depend on them.
   */
  R1Penalty.Result fromPass(
      INDArray real,
      List<INDArray> preActivations,
      long from,
      INDArray lossGradient,
      INDArray logitGradient,
      List<String> parameters) {
    Map<String, INDArray> feeds = linearised.feeds(preActivations, from, from + real.size(0));
    SDVariable linear = linearised.linearPart();
    List<String> read = parameters.stream().filter(sd::hasVariable).toList();
    return R1Penalty.inputGradientFromLoss(lossGradient, logitGradient)
        .map(g -> penalty.fromInputGradient(sd, REAL, linear, g, feeds, read))
        .orElseGet(() -> penalty.computeFromLinearPart(sd, REAL, linear, real, feeds, read));
  }
}

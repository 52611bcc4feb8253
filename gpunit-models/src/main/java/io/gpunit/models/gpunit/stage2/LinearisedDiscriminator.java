package io.gpunit.models.gpunit.stage2;

import io.gpunit.core.nn.Scope;
import io.gpunit.models.gpunit.Discriminator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The discriminator D linearised at a batch of images, by its linear part, for an exact R1
 * parameter gradient in one pass.
 *
 * <p>D's only non-linearity is LeakyReLU, so D is piecewise affine in its input x. D linearised at
 * images a — every LeakyReLU's slope (1 or 0.2) taken from D's pass over a and held constant — is
 * D's affine piece at a: equal to D at x = a, with the same derivatives there (PyTorch's double
 * backward, which R1 uses, likewise treats the slopes as constants). Without its biases that piece
 * is linear in x, L_θ(x) = ⟨g(θ), x⟩ with g = ∇ₓD at a, which is what {@link
 * io.gpunit.losses.regularization.R1Penalty#fromInputGradient} needs: ∇_θ R1 ∝ ∇_θ L_θ(g) at fixed
 * g. (On plain D a finite difference of parameter gradients is off by every kink it crosses, and no
 * step is both small enough to cross none and large enough for float32 rounding; R1GradientTest
 * measures both.)
 *
 * <p>The slopes are placeholders, fed by {@link #feeds} from D's pre-activations at a, which a pass
 * of D over a computed already (the discriminator's own update, for R1 on its real batch).
 */
final class LinearisedDiscriminator {

  private final String slopePrefix;
  private final SDVariable linearPart;

  /**
   * Builds D's linear part on {@code x} in {@code scope} (its graph holds the parameters), its
   * slopes on placeholders named {@code slopePrefix0}, {@code slopePrefix1}, ….
   */
  LinearisedDiscriminator(
      Discriminator discriminator, Scope scope, SDVariable x, String slopePrefix) {
    this.slopePrefix = slopePrefix;
    this.linearPart = discriminator.linearPartWithFedSlopes(scope, x, slopePrefix);
  }

  /**
   * The logits [N] of D's linear part at the images whose slopes {@link #feeds} gave, on the input
   * given at construction.
   */
  SDVariable linearPart() {
    return linearPart;
  }

  /**
   * The slope placeholders that linearise {@link #linearPart()} at images a, from D's
   * pre-activations ({@link Discriminator.Output#preActivations}, in order) of a pass whose rows
   * {@code from} to {@code to} were a.
   */
  Map<String, INDArray> feeds(List<INDArray> preActivations, long from, long to) {
    Map<String, INDArray> feeds = new LinkedHashMap<>();
    for (int i = 0; i < preActivations.size(); i++) {
      INDArray rows = preActivations.get(i).get(NDArrayIndex.interval(from, to));
      feeds.put(slopePrefix + i, Discriminator.slopes(rows));
    }
    return feeds;
  }
}

package io.gpunit.models.gpunit.stage2;

import io.gpunit.core.memory.Sessions;
import io.gpunit.core.nn.Scope;
import io.gpunit.models.gpunit.Discriminator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The discriminator D linearised at a batch of images, for an exact R1 parameter gradient.
 *
 * <p>D's only non-linearity is LeakyReLU, so D is piecewise affine in its input x. D linearised at
 * images a — every LeakyReLU's slope (1 or 0.2) taken from D's pass over a and held constant — is
 * D's affine piece at a: equal to D at x = a, with the same derivatives there (PyTorch's double
 * backward, which R1 uses, likewise treats the slopes as constants), and exactly affine in x. So
 * ∇_θ D_lin(x) is affine in x, and {@link io.gpunit.losses.regularization.R1Penalty}'s central
 * difference [∇_θ D_lin(a + εg) − ∇_θ D_lin(a − εg)] / 2ε is the Hessian-vector product exactly, at
 * any ε. On plain D the same difference is off by every kink that a ± εg crosses, and no step is
 * both small enough to cross none and large enough for float32 rounding (R1GradientTest measures
 * both).
 *
 * <p>Two copies of D share the graph and its parameters: one on the placeholder {@code at} whose
 * LeakyReLU inputs give the slopes, one on {@link #logit()}'s input whose LeakyReLUs multiply by
 * those slopes, fed as placeholders by {@link #feeds}.
 */
final class LinearisedDiscriminator {

  private final SameDiff sd;
  private final String at;
  private final String slopePrefix;
  private final List<String> preActivations;
  private final SDVariable logit;

  /**
   * Builds both copies of {@code discriminator} in {@code scope} (its graph holds the parameters):
   * the linearised one on {@code x}, the one giving slopes on a new placeholder {@code atName} of
   * {@code x}'s shape and type.
   */
  LinearisedDiscriminator(
      Discriminator discriminator, Scope scope, SDVariable x, String atName, long[] shape) {
    this.sd = x.getSameDiff();
    this.at = atName;
    this.slopePrefix = atName + ".slope";
    SDVariable atImages = sd.placeHolder(atName, x.dataType(), shape);
    this.preActivations =
        discriminator.preActivations(scope, atImages).stream().map(SDVariable::name).toList();
    this.logit = discriminator.logitWithFedSlopes(scope, x, slopePrefix);
  }

  /** D linearised at the images fed by {@link #feeds}, on the input given at construction [N]. */
  SDVariable logit() {
    return logit;
  }

  /**
   * The placeholders that linearise {@link #logit()} at {@code images}: them, and D's slopes there.
   */
  Map<String, INDArray> feeds(INDArray images) {
    Map<String, INDArray> values =
        Sessions.output(sd, Map.of(at, images), preActivations.toArray(String[]::new));
    Map<String, INDArray> feeds = new LinkedHashMap<>();
    feeds.put(at, images);
    for (int i = 0; i < preActivations.size(); i++) {
      feeds.put(slopePrefix + i, Discriminator.slopes(values.get(preActivations.get(i))));
    }
    return feeds;
  }
}

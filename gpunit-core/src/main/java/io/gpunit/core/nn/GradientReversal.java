package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * Gradient reversal (Ganin &amp; Lempitsky 2015): the identity forward, {@code −λ · gradient} backward.
 *
 * <p>Built from ops SameDiff can already differentiate, with sg = stop-gradient:
 *
 * <pre>
 * y = sg(x) + (g − sg(g)),   g = −λ·x
 * </pre>
 *
 * Forward, {@code g − sg(g)} is exactly 0, so {@code y = x} bit for bit (the shorter {@code
 * (1+λ)·sg(x) − λ·x} is x only up to rounding); backward, only {@code g} carries a gradient: ∂y/∂x =
 * −λ.
 */
public final class GradientReversal {

  private final double lambda;

  private GradientReversal(double lambda) {
    this.lambda = lambda;
  }

  public static GradientReversal of(double lambda) {
    Preconditions.checkArgument(
        Double.isFinite(lambda), "gradient reversal λ must be finite, got %s", lambda);
    return new GradientReversal(lambda);
  }

  public double lambda() {
    return lambda;
  }

  public SDVariable apply(SDVariable x) {
    SDVariable reversed = x.mul(-lambda);
    return stopGradient(x).add(reversed.sub(stopGradient(reversed)));
  }

  /** Same as {@link #apply(SDVariable)}; the layer has no parameters. */
  public SDVariable apply(Scope scope, SDVariable x) {
    return apply(x);
  }

  private static SDVariable stopGradient(SDVariable x) {
    return new StopGradient(x.getSameDiff(), x).outputVariable();
  }
}

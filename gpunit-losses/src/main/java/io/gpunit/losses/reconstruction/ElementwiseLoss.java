package io.gpunit.losses.reconstruction;

import io.gpunit.losses.AbstractLoss;
import io.gpunit.losses.Distance;
import io.gpunit.losses.Graphs;
import io.gpunit.losses.Reduction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A distance between two tensors of the same shape, element by element, with an optional mask:
 *
 * <pre>
 *   MEAN:  L = Σᵢ mᵢ·ρ(aᵢ − bᵢ) / max(Σᵢ mᵢ, ε)      SUM:  L = Σᵢ mᵢ·ρ(aᵢ − bᵢ)
 * </pre>
 *
 * with ρ = |·| ({@link Distance#ABSOLUTE}) or (·)² ({@link Distance#SQUARED}) and the sums over
 * every element of {@code a}. Without a mask, m ≡ 1 and MEAN is PyTorch's {@code l1_loss} /
 * {@code mse_loss}. A mask broadcasts against {@code a} (e.g. [N,1,H,W] against [N,C,H,W]); it
 * counts once per element it covers, so the masked mean is the mean over the masked elements. ε =
 * 1e-12 only keeps an all-zero mask from dividing by zero (the loss is then 0).
 *
 * <p>The target gets gradients too; detach it ({@link Graphs#detach}) where the paper does.
 */
public abstract class ElementwiseLoss extends AbstractLoss {

  private static final double EMPTY_MASK_EPS = 1e-12;

  private final Distance distance;

  protected ElementwiseLoss(Builder<?, ?> builder) {
    super(builder);
    this.distance = builder.distance;
  }

  public final Distance distance() {
    return distance;
  }

  /** The weighted loss between {@code prediction} and {@code target}. */
  public SDVariable apply(SameDiff sd, SDVariable prediction, SDVariable target) {
    Graphs.checkSameShape(name(), prediction, target);
    return weighted(sd, reduction().reduce(distance.of(prediction.sub(target))));
  }

  /** The weighted loss over the elements selected (or weighted) by {@code mask}. */
  public SDVariable apply(SameDiff sd, SDVariable prediction, SDVariable target, SDVariable mask) {
    Graphs.checkSameShape(name(), prediction, target);
    SDVariable terms = distance.of(prediction.sub(target)).mul(mask);
    if (reduction() == Reduction.SUM) {
      return weighted(sd, terms.sum());
    }
    SDVariable covered = sd.onesLike(terms).mul(mask).sum();
    SDVariable floor = sd.constant(Nd4j.scalar(covered.dataType(), EMPTY_MASK_EPS));
    return weighted(sd, terms.sum().div(sd.math().max(covered, floor)));
  }

  /**
   * The builder shared by element-wise losses.
   *
   * @param <L> the loss built
   * @param <B> the concrete builder
   */
  public abstract static class Builder<L extends ElementwiseLoss, B extends Builder<L, B>>
      extends AbstractLoss.Builder<L, B> {
    private Distance distance;

    protected Builder(String defaultName, Distance defaultDistance) {
      super(defaultName);
      this.distance = defaultDistance;
    }

    /** Changes ρ; only losses whose paper leaves the choice open make this public. */
    protected B distance(Distance distance) {
      if (distance == null) {
        throw new IllegalArgumentException("distance must not be null");
      }
      this.distance = distance;
      return self();
    }
  }
}

package io.gpunit.losses.distillation;

import io.gpunit.losses.AbstractLoss;
import io.gpunit.losses.Distance;
import io.gpunit.losses.Graphs;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * GP-UNIT's feature distance for prior distillation (Yang et al. 2022, §3.2; {@code
 * prior_distillation.py}'s {@code Lfdist}, λ = 1): for a paired sample (x_a, x_b) of two domains
 * that share a shape, the content code of x_a is pulled towards the (detached) content code of x_b,
 *
 * <pre>
 *   L_fdist = mean |E_c(x_a) − sg(E_c(x_b))|
 * </pre>
 */
public final class FeatureDistanceLoss extends AbstractLoss {

  private FeatureDistanceLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The weighted distance from {@code codeA} to the detached {@code codeB}. */
  public SDVariable apply(SameDiff sd, SDVariable codeA, SDVariable codeB) {
    Graphs.checkSameShape(name(), codeA, codeB);
    SDVariable diff = codeA.sub(Graphs.detach(codeB));
    return weighted(sd, reduction().reduce(Distance.ABSOLUTE.of(diff)));
  }

  /** Builds a {@link FeatureDistanceLoss}; default name {@code "fdist"}. */
  public static final class Builder extends AbstractLoss.Builder<FeatureDistanceLoss, Builder> {
    private Builder() {
      super("fdist");
    }

    @Override
    public FeatureDistanceLoss build() {
      return new FeatureDistanceLoss(this);
    }
  }
}

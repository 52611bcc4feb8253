package io.gpunit.losses.latent;

import io.gpunit.losses.AbstractLoss;
import io.gpunit.losses.Distance;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * UNIT's KL term for its Gaussian latent (Liu et al. 2017, eq. 3–4). The encoder predicts the mean
 * μ of q(z|x) = N(μ, I) with unit variance, so KL(q ‖ N(0, I)) = ½‖μ‖²; UNIT's code ({@code
 * __compute_kl}) implements it as
 *
 * <pre>
 *   L_KL = mean(μ²)
 * </pre>
 *
 * (mean over every element, the ½ folded into the weight λ₁ = λ₃ = 0.01), which is what this loss
 * computes; {@link io.gpunit.losses.Reduction#SUM} gives Σμ².
 */
public final class KlLoss extends AbstractLoss {

  private KlLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The weighted KL term of the latent means {@code mu}. */
  public SDVariable apply(SameDiff sd, SDVariable mu) {
    return weighted(sd, reduction().reduce(Distance.SQUARED.of(mu)));
  }

  /** Builds a {@link KlLoss}; default name {@code "kl"}. */
  public static final class Builder extends AbstractLoss.Builder<KlLoss, Builder> {
    private Builder() {
      super("kl");
    }

    @Override
    public KlLoss build() {
      return new KlLoss(this);
    }
  }
}

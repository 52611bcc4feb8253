package io.gpunit.losses.adversarial;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The non-saturating GAN loss (Goodfellow et al. 2014, §3), as binary cross-entropy with logits —
 * GP-UNIT's {@code adv_loss}:
 *
 * <pre>
 *   L_D = E[softplus(−D(x))] + E[softplus(D(G(z)))]      L_G = E[softplus(−D(G(z)))]
 * </pre>
 *
 * since BCE(z, 1) = −log σ(z) = softplus(−z) and BCE(z, 0) = softplus(z). softplus is evaluated as
 * {@code max(z,0) + log1p(e^−|z|)}, which neither overflows nor loses the small tail for large |z|.
 */
public final class NonSaturatingLoss extends AdversarialLoss {

  private NonSaturatingLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected SDVariable realPenalty(SDVariable logits) {
    return softplus(logits.neg());
  }

  @Override
  protected SDVariable fakePenalty(SDVariable logits) {
    return softplus(logits);
  }

  @Override
  protected SDVariable generatorPenalty(SDVariable logits) {
    return softplus(logits.neg());
  }

  /** Builds a {@link NonSaturatingLoss}; default name {@code "adv"}. */
  public static final class Builder extends AdversarialLoss.Builder<NonSaturatingLoss, Builder> {
    private Builder() {
      super("adv");
    }

    @Override
    public NonSaturatingLoss build() {
      return new NonSaturatingLoss(this);
    }
  }
}

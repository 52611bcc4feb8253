package io.gpunit.losses.adversarial;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The hinge GAN loss (Lim & Ye 2017; Miyato et al. 2018, eq. 16–17):
 *
 * <pre>
 *   L_D = E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))]      L_G = −E[D(G(z))]
 * </pre>
 */
public final class HingeLoss extends AdversarialLoss {

  private HingeLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected SDVariable realPenalty(SDVariable logits) {
    return logits.getSameDiff().nn().relu(logits.rsub(1.0), 0);
  }

  @Override
  protected SDVariable fakePenalty(SDVariable logits) {
    return logits.getSameDiff().nn().relu(logits.add(1.0), 0);
  }

  @Override
  protected SDVariable generatorPenalty(SDVariable logits) {
    return logits.neg();
  }

  /** Builds a {@link HingeLoss}; default name {@code "adv"}. */
  public static final class Builder extends AdversarialLoss.Builder<HingeLoss, Builder> {
    private Builder() {
      super("adv");
    }

    @Override
    public HingeLoss build() {
      return new HingeLoss(this);
    }
  }
}

package io.gpunit.losses.adversarial;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The least-squares GAN loss (Mao et al. 2017, eq. 2 with a = 0, b = c = 1), in the form UNIT and
 * MUNIT use:
 *
 * <pre>
 *   L_D = E[(D(x) − 1)²] + E[D(G(z))²]      L_G = E[(D(G(z)) − 1)²]
 * </pre>
 *
 * The paper's ½ factors are left out; CycleGAN halves the discriminator's loss, which is {@code
 * weight(0.5)} on the discriminator side.
 */
public final class LsganLoss extends AdversarialLoss {

  private LsganLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected SDVariable realPenalty(SDVariable logits) {
    SDVariable d = logits.sub(1.0);
    return d.mul(d);
  }

  @Override
  protected SDVariable fakePenalty(SDVariable logits) {
    return logits.mul(logits);
  }

  @Override
  protected SDVariable generatorPenalty(SDVariable logits) {
    return realPenalty(logits);
  }

  /** Builds an {@link LsganLoss}; default name {@code "adv"}. */
  public static final class Builder extends AdversarialLoss.Builder<LsganLoss, Builder> {
    private Builder() {
      super("adv");
    }

    @Override
    public LsganLoss build() {
      return new LsganLoss(this);
    }
  }
}

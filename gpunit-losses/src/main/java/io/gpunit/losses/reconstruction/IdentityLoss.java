package io.gpunit.losses.reconstruction;

import io.gpunit.losses.Distance;

/**
 * The identity mapping loss (CycleGAN, Zhu et al. 2017, §5.2, after Taigman et al.):
 *
 * <pre>
 *   L_idt = E‖G(y) − y‖₁
 * </pre>
 *
 * for a generator G: X → Y fed an image already in Y, applied as {@code apply(sd, G(y), y)}.
 * CycleGAN weights it 0.5·λ_cyc. L1 by default; {@link Builder#distance} switches to L2.
 */
public final class IdentityLoss extends ElementwiseLoss {

  private IdentityLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link IdentityLoss}; default name {@code "identity"}. */
  public static final class Builder extends ElementwiseLoss.Builder<IdentityLoss, Builder> {
    private Builder() {
      super("identity", Distance.ABSOLUTE);
    }

    @Override
    public Builder distance(Distance distance) {
      return super.distance(distance);
    }

    @Override
    public IdentityLoss build() {
      return new IdentityLoss(this);
    }
  }
}

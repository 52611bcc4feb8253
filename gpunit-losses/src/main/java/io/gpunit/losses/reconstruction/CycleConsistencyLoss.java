package io.gpunit.losses.reconstruction;

import io.gpunit.losses.Distance;

/**
 * Cycle consistency (CycleGAN, Zhu et al. 2017, eq. 2; UNIT's cycle reconstruction):
 *
 * <pre>
 *   L_cyc = E‖F(G(x)) − x‖₁
 * </pre>
 *
 * applied as {@code apply(sd, reconstructed, original)}. CycleGAN weights it λ = 10 per direction.
 * L1 by default; {@link Builder#distance} switches to L2.
 */
public final class CycleConsistencyLoss extends ElementwiseLoss {

  private CycleConsistencyLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CycleConsistencyLoss}; default name {@code "cycle"}. */
  public static final class Builder extends ElementwiseLoss.Builder<CycleConsistencyLoss, Builder> {
    private Builder() {
      super("cycle", Distance.ABSOLUTE);
    }

    @Override
    public Builder distance(Distance distance) {
      return super.distance(distance);
    }

    @Override
    public CycleConsistencyLoss build() {
      return new CycleConsistencyLoss(this);
    }
  }
}

package io.gpunit.losses.latent;

import io.gpunit.losses.Distance;
import io.gpunit.losses.reconstruction.ElementwiseLoss;

/**
 * MUNIT's latent reconstruction (Huang et al. 2018, eq. 3):
 *
 * <pre>
 *   L_recon^c = E‖E^c(G(c, s)) − c‖₁      L_recon^s = E‖E^s(G(c, s)) − s‖₁
 * </pre>
 *
 * applied as {@code apply(sd, reEncodedCode, originalCode)} once for the content and once for the
 * style code (MUNIT weights them λ_c = 1, λ_s = 1). L1 (mean) as in MUNIT's {@code recon_criterion};
 * {@link Builder#distance} switches to L2.
 */
public final class LatentReconstructionLoss extends ElementwiseLoss {

  private LatentReconstructionLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link LatentReconstructionLoss}; default name {@code "latent_rec"}. */
  public static final class Builder
      extends ElementwiseLoss.Builder<LatentReconstructionLoss, Builder> {
    private Builder() {
      super("latent_rec", Distance.ABSOLUTE);
    }

    @Override
    public Builder distance(Distance distance) {
      return super.distance(distance);
    }

    @Override
    public LatentReconstructionLoss build() {
      return new LatentReconstructionLoss(this);
    }
  }
}

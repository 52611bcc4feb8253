package io.gpunit.losses.distillation;

import io.gpunit.losses.Distance;
import io.gpunit.losses.reconstruction.ElementwiseLoss;

/**
 * GP-UNIT's shape losses for prior distillation (Yang et al. 2022, §3.2; {@code
 * prior_distillation.py}, λ = 5 each): the L1 distance between the decoder's predicted shape mask
 * and the target mask (bilinearly resized to 16²),
 *
 * <pre>
 *   L_srec  = mean |M̂(x) − M(x)|                       (reconstruction)
 *   L_sdist = mean |M̂(E_c(x_b) ⊕ s(x_a)) − M(x_a)|     (translation between a paired sample)
 * </pre>
 *
 * Build one instance per term ({@code name("srec")}, {@code name("sdist")}).
 */
public final class ShapeReconstructionLoss extends ElementwiseLoss {

  private ShapeReconstructionLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ShapeReconstructionLoss}; default name {@code "srec"}. */
  public static final class Builder
      extends ElementwiseLoss.Builder<ShapeReconstructionLoss, Builder> {
    private Builder() {
      super("srec", Distance.ABSOLUTE);
    }

    @Override
    public ShapeReconstructionLoss build() {
      return new ShapeReconstructionLoss(this);
    }
  }
}

package io.gpunit.losses.reconstruction;

import io.gpunit.losses.Distance;

/**
 * The L2 reconstruction loss {@code L = mean (ŷ − y)²} (PyTorch {@code F.mse_loss}), optionally
 * masked (see {@link ElementwiseLoss}). GP-UNIT's prior distillation uses it in {@code Larec}.
 */
public final class MseLoss extends ElementwiseLoss {

  private MseLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link MseLoss}; default name {@code "mse"}. */
  public static final class Builder extends ElementwiseLoss.Builder<MseLoss, Builder> {
    private Builder() {
      super("mse", Distance.SQUARED);
    }

    @Override
    public MseLoss build() {
      return new MseLoss(this);
    }
  }
}

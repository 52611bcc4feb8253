package io.gpunit.losses.reconstruction;

import io.gpunit.losses.Distance;

/**
 * The L1 reconstruction loss {@code L = mean |ŷ − y|} (PyTorch {@code F.l1_loss}), optionally masked
 * (see {@link ElementwiseLoss}). GP-UNIT's {@code Lrec} uses it between the reconstruction and the
 * target image.
 */
public final class L1Loss extends ElementwiseLoss {

  private L1Loss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link L1Loss}; default name {@code "l1"}. */
  public static final class Builder extends ElementwiseLoss.Builder<L1Loss, Builder> {
    private Builder() {
      super("l1", Distance.ABSOLUTE);
    }

    @Override
    public L1Loss build() {
      return new L1Loss(this);
    }
  }
}

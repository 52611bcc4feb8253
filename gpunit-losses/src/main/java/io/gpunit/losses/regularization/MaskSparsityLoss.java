package io.gpunit.losses.regularization;

import com.google.common.base.Preconditions;
import io.gpunit.losses.AbstractLoss;
import io.gpunit.losses.Distance;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * GP-UNIT's mask loss (Yang et al. 2022, §3.3; {@code train.py}'s {@code Lmsk}, λ_msk = 1): an L1
 * penalty that keeps the dynamic-skip masks sparse,
 *
 * <pre>
 *   L_msk = Σ_k mean |m_k|
 * </pre>
 *
 * one mean per mask (the 16² and 32² masks have different sizes). The official code takes {@code
 * mean(m)}, the same value since its masks are tanh(relu(·)) ≥ 0.
 */
public final class MaskSparsityLoss extends AbstractLoss {

  private MaskSparsityLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The weighted sum of the masks' L1 penalties. */
  public SDVariable apply(SameDiff sd, List<SDVariable> masks) {
    Preconditions.checkArgument(
        masks != null && !masks.isEmpty(), "%s: needs at least one mask", name());
    SDVariable total = null;
    for (SDVariable mask : masks) {
      SDVariable term = reduction().reduce(Distance.ABSOLUTE.of(mask));
      total = total == null ? term : total.add(term);
    }
    return weighted(sd, total);
  }

  /** Builds a {@link MaskSparsityLoss}; default name {@code "mask"}. */
  public static final class Builder extends AbstractLoss.Builder<MaskSparsityLoss, Builder> {
    private Builder() {
      super("mask");
    }

    @Override
    public MaskSparsityLoss build() {
      return new MaskSparsityLoss(this);
    }
  }
}

package io.gpunit.losses.distillation;

import io.gpunit.losses.AbstractLoss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * GP-UNIT's content-code regulariser for prior distillation ({@code prior_distillation.py}'s {@code
 * torch.norm(content_feat, p=2)} in {@code Lreg}, λ_reg = 0.001): the Frobenius norm of the whole
 * batch of content codes,
 *
 * <pre>
 *   L_norm = ‖c‖₂ = sqrt(Σ_{n,c,h,w} c²)
 * </pre>
 *
 * It is a norm, not an average, so {@link #reduction()} does not apply (the norm of a batch grows
 * with √N, as in the official code).
 */
public final class ContentNormRegularizer extends AbstractLoss {

  private ContentNormRegularizer(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The weighted norm of {@code contentCode}. */
  public SDVariable apply(SameDiff sd, SDVariable contentCode) {
    return weighted(sd, sd.math().sqrt(contentCode.mul(contentCode).sum()));
  }

  /** Builds a {@link ContentNormRegularizer}; default name {@code "content_norm"} (GP-UNIT weights it 0.001). */
  public static final class Builder extends AbstractLoss.Builder<ContentNormRegularizer, Builder> {
    private Builder() {
      super("content_norm");
    }

    @Override
    public ContentNormRegularizer build() {
      return new ContentNormRegularizer(this);
    }
  }
}

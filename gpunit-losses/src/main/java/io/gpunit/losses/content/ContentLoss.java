package io.gpunit.losses.content;

import io.gpunit.losses.AbstractLoss;
import io.gpunit.losses.Distance;
import io.gpunit.losses.Graphs;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * GP-UNIT's content loss (Yang et al. 2022, §3.3; {@code train.py}'s {@code Lcon}, λ_con = 1): the
 * L1 distance between the content encoder's code of the output and the abstract content code of the
 * input,
 *
 * <pre>
 *   L_con = mean |E_c(ŷ) − sg(E_c(x))|
 * </pre>
 *
 * The input's code comes from the frozen encoder under {@code torch.no_grad()} in the official code,
 * so it is detached here (sg); gradients reach ŷ through E_c(ŷ).
 */
public final class ContentLoss extends AbstractLoss {

  private ContentLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The weighted loss between {@code E_c(ŷ)} and the input's content code {@code E_c(x)}. */
  public SDVariable apply(SameDiff sd, SDVariable outputCode, SDVariable inputCode) {
    Graphs.checkSameShape(name(), outputCode, inputCode);
    SDVariable diff = outputCode.sub(Graphs.detach(inputCode));
    return weighted(sd, reduction().reduce(Distance.ABSOLUTE.of(diff)));
  }

  /** Builds a {@link ContentLoss}; default name {@code "content"}. */
  public static final class Builder extends AbstractLoss.Builder<ContentLoss, Builder> {
    private Builder() {
      super("content");
    }

    @Override
    public ContentLoss build() {
      return new ContentLoss(this);
    }
  }
}

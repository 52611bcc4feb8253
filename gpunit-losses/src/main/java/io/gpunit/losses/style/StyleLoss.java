package io.gpunit.losses.style;

import io.gpunit.losses.AbstractLoss;
import io.gpunit.losses.Distance;
import io.gpunit.losses.Graphs;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * GP-UNIT's style loss (Yang et al. 2022, §3.3; {@code train.py}'s {@code Lsty}, λ_sty = 50): the L1
 * distance between the channel-wise spatial means of an intermediate discriminator feature map of
 * the output ŷ and of the style image y,
 *
 * <pre>
 *   L_sty = mean_{n,c} | μ(D_l(ŷ))_{n,c} − sg(μ(D_l(y)))_{n,c} |,   μ(f)_{n,c} = (1/HW) Σ_{h,w} f_{n,c,h,w}
 * </pre>
 *
 * sg = stop-gradient, as the official code detaches the style image's features. Features are NCHW.
 */
public final class StyleLoss extends AbstractLoss {

  private StyleLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The weighted loss between D's features of the output and of the style image (both NCHW). */
  public SDVariable apply(SameDiff sd, SDVariable outputFeatures, SDVariable styleFeatures) {
    Graphs.checkRank(name(), outputFeatures, 4, "NCHW");
    Graphs.checkSameShape(name(), outputFeatures, styleFeatures);
    SDVariable fake = outputFeatures.mean(2, 3);
    SDVariable real = Graphs.detach(styleFeatures.mean(2, 3));
    return weighted(sd, reduction().reduce(Distance.ABSOLUTE.of(fake.sub(real))));
  }

  /** Builds a {@link StyleLoss}; default name {@code "style"}. */
  public static final class Builder extends AbstractLoss.Builder<StyleLoss, Builder> {
    private Builder() {
      super("style");
    }

    @Override
    public StyleLoss build() {
      return new StyleLoss(this);
    }
  }
}

package io.gpunit.losses.style;

import com.google.common.base.Preconditions;
import io.gpunit.losses.AbstractLoss;
import io.gpunit.losses.Distance;
import io.gpunit.losses.Graphs;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The Gram-matrix style loss of Gatys, Ecker and Bethge (2016, eq. 3–5) for one feature layer:
 *
 * <pre>
 *   Ĝ(f)_{n,i,j} = (1/CHW) Σ_{h,w} f_{n,i,h,w} f_{n,j,h,w}
 *   L = mean_{n,i,j} (Ĝ(f_ŷ) − sg(Ĝ(f_y)))²
 * </pre>
 *
 * Normalising the Gram matrix by CHW makes the loss independent of the layer size; Gatys' E_l =
 * (1/4C²(HW)²) Σ(G − A)² with unnormalised G equals (C²/4)·L. The style image's Gram matrix is
 * detached (sg). Features are NCHW with C, H and W known when the graph is built (N may be -1).
 */
public final class GramStyleLoss extends AbstractLoss {

  private GramStyleLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The weighted loss between the Gram matrices of {@code outputFeatures} and {@code styleFeatures}. */
  public SDVariable apply(SameDiff sd, SDVariable outputFeatures, SDVariable styleFeatures) {
    Graphs.checkRank(name(), outputFeatures, 4, "NCHW");
    Graphs.checkSameShape(name(), outputFeatures, styleFeatures);
    SDVariable diff = gram(sd, outputFeatures).sub(Graphs.detach(gram(sd, styleFeatures)));
    return weighted(sd, reduction().reduce(Distance.SQUARED.of(diff)));
  }

  /** Ĝ(f) [N, C, C] of NCHW features. */
  public static SDVariable gram(SameDiff sd, SDVariable features) {
    long[] s = features.getShape();
    Preconditions.checkArgument(
        s != null && s.length == 4 && s[1] > 0 && s[2] > 0 && s[3] > 0,
        "Gram matrix of '%s' needs NCHW features with C, H, W known, got %s",
        features.name(),
        Arrays.toString(s));
    SDVariable flat = features.reshape(-1, s[1], s[2] * s[3]);
    return sd.mmul(flat, flat, false, true, false).div((double) (s[1] * s[2] * s[3]));
  }

  /** Builds a {@link GramStyleLoss}; default name {@code "gram_style"}. */
  public static final class Builder extends AbstractLoss.Builder<GramStyleLoss, Builder> {
    private Builder() {
      super("gram_style");
    }

    @Override
    public GramStyleLoss build() {
      return new GramStyleLoss(this);
    }
  }
}

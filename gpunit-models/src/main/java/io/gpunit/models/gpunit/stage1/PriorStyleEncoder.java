package io.gpunit.models.gpunit.stage1;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Scope;
import io.gpunit.models.gpunit.ConvBlock;
import io.gpunit.models.gpunit.FeatureStatistics;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The stage-1 image-level style encoder ({@code StyleEncoder} in the official {@code
 * content_encoder.py}): six stride-2 {@link ConvBlock}s {@code lrelu₀.₂(SN-conv3×3(x))} of widths
 * {@code nf·[1, 2, 4, 8, 8, 8]}, and for each output {@code f_k} its per-channel statistics
 *
 * <pre>
 * μ_k = mean_{h,w} f_k        σ_k = sqrt(Σ_{h,w} (f_k − μ_k)² / (H·W − 1))     (unbiased, torch.std)
 * </pre>
 *
 * Parameters under {@code layerK.conv.}. The decoder reads only the statistics of f1..f3; layers
 * 4..6 exist (and are trained by nothing) as in the official model, so its checkpoints load.
 */
public final class PriorStyleEncoder {

  private static final int[] MULTIPLIERS = {1, 2, 4, 8, 8, 8};

  private final int nf;

  public PriorStyleEncoder(int nf) {
    Preconditions.checkArgument(nf > 0, "nf must be positive, got %s", nf);
    this.nf = nf;
  }

  /** Output width of block {@code k} (1-based). */
  public int channels(int k) {
    return nf * MULTIPLIERS[k - 1];
  }

  /** The statistics of {@code f1 … f6} for images {@code x} [N, 3, H, W], in that order. */
  public List<FeatureStatistics> apply(Scope scope, SDVariable x) {
    scope.requireNchw("the prior style encoder");
    List<FeatureStatistics> styles = new ArrayList<>();
    SDVariable h = x;
    for (int k = 1; k <= MULTIPLIERS.length; k++) {
      int in = k == 1 ? 3 : channels(k - 1);
      h =
          ConvBlock.of(
                  in,
                  channels(k),
                  3,
                  1,
                  2,
                  ConvBlock.Norm.NONE,
                  Activation.leakyRelu(ConvBlock.SLOPE))
              .apply(scope.child("layer" + k), h);
      styles.add(statistics(h));
    }
    return styles;
  }

  /** Mean and unbiased standard deviation over the spatial positions, kept as [N, C, 1, 1]. */
  static FeatureStatistics statistics(SDVariable f) {
    return new FeatureStatistics(f.mean(true, 2, 3), f.std(null, true, true, 2, 3));
  }
}

package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adaptive instance normalisation (Huang &amp; Belongie 2017), as GP-UNIT's {@code
 * AdaptiveInstanceNorm}:
 *
 * <pre>
 * [γ(s), β(s)] = style(s)          (a Linear styleDim → 2C; γ = first C outputs, β = last C)
 * AdaIN(x, s)  = γ(s) · (x − μ(x)) / σ(x) + β(s)
 * </pre>
 *
 * with μ, σ the per-sample per-channel instance statistics ({@link InstanceNorm}, eps 1e-5, no
 * affine). The child Linear is named {@code style} and its bias starts at γ = 1, β = 0.
 */
public final class AdaIn {

  private final int channels;
  private final Linear style;
  private final InstanceNorm norm;

  private AdaIn(int channels, int styleDim) {
    this.channels = channels;
    this.style = Linear.builder(styleDim, 2 * channels).biasInit(onesThenZeros(channels)).build();
    this.norm = InstanceNorm.builder(channels).build();
  }

  public static Builder builder(int channels, int styleDim) {
    return new Builder(channels, styleDim);
  }

  /** {@code x} [N, C, H, W] in the scope's {@link Layout}, {@code style} [N, styleDim]. */
  public SDVariable apply(Scope scope, SDVariable x, SDVariable styleCode) {
    SDVariable gammaBeta = style.apply(scope.child("style"), styleCode);
    SDVariable[] halves = scope.sd().split(gammaBeta, 2, 1);
    SDVariable gamma = scope.layout().perChannel(halves[0], channels);
    SDVariable beta = scope.layout().perChannel(halves[1], channels);
    return norm.modulate(scope, x, gamma, beta);
  }

  private static Init onesThenZeros(int channels) {
    return (shape, dataType, random) ->
        Nd4j.concat(0, Nd4j.ones(dataType, channels), Nd4j.zeros(dataType, channels));
  }

  /** Configures an {@link AdaIn}. */
  public static final class Builder {
    private final int channels;
    private final int styleDim;

    private Builder(int channels, int styleDim) {
      Preconditions.checkArgument(
          channels > 0 && styleDim > 0,
          "AdaIn needs positive channels and styleDim; got %s, %s",
          channels,
          styleDim);
      this.channels = channels;
      this.styleDim = styleDim;
    }

    public AdaIn build() {
      return new AdaIn(channels, styleDim);
    }
  }
}

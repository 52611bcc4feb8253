package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * {@code nn.InstanceNorm2d} (without running statistics) on input in the scope's {@link Layout}:
 * for every sample n and channel c, with μ and the biased variance σ² taken over H, W,
 *
 * <pre>
 * y[n,c] = (x[n,c] − μ[n,c]) / √(σ²[n,c] + eps) · γ[c] + β[c]
 * </pre>
 *
 * where the affine {@code weight} γ (init 1) and {@code bias} β (init 0) exist only with {@code
 * affine(true)}.
 */
public final class InstanceNorm {

  private final int channels;
  private final boolean affine;
  private final double eps;

  private InstanceNorm(Builder b) {
    this.channels = b.channels;
    this.affine = b.affine;
    this.eps = b.eps;
  }

  public static Builder builder(int channels) {
    return new Builder(channels);
  }

  public int channels() {
    return channels;
  }

  public SDVariable apply(Scope scope, SDVariable x) {
    Layout layout = scope.layout();
    if (!affine && layout == Layout.NHWC) {
      return perChannelAffine(scope, x, null, null);
    }
    if (!affine) {
      SDVariable centred = centred(layout, x);
      // Dividing by the [N, C, 1, 1] deviation differentiates up to 3× faster than multiplying by
      // its reciprocal (InstanceNormBenchmark): ND4J M2.1's broadcast multiply_bp is slow.
      return centred.div(scope.sd().math().sqrt(variance(layout, centred).add(eps)));
    }
    long[] shape = {channels};
    SDVariable gamma = layout.perChannel(scope.param("weight", shape, Init.ones()), channels);
    SDVariable beta = layout.perChannel(scope.param("bias", shape, Init.zeros()), channels);
    return modulate(scope, x, gamma, beta);
  }

  /**
   * The normalisation with a given scale and shift, {@code γ · (x − μ) / √(σ² + eps) + β}, for γ, β
   * of shape [N or 1, C, 1, 1] (in the scope's {@link Layout}, see {@link Layout#perChannel}):
   * AdaIN's style modulation, and the affine form. γ is folded into the per-channel factor so the
   * full-size tensor is multiplied once, which takes about a third off forward + backward
   * (InstanceNormBenchmark), and that product goes through {@link Broadcasts}, whose gradient M2.1
   * computes an order of magnitude faster than a plain broadcast multiply's.
   */
  public SDVariable modulate(Scope scope, SDVariable x, SDVariable gamma, SDVariable beta) {
    Layout layout = scope.layout();
    if (layout == Layout.NHWC) {
      return perChannelAffine(scope, x, gamma, beta);
    }
    SDVariable centred = centred(layout, x);
    SDVariable scale = scope.sd().math().rsqrt(variance(layout, centred).add(eps)).mul(gamma);
    return Broadcasts.multiply(scope, centred, scale).add(beta);
  }

  /**
   * The NHWC form, {@code x · s + (β − μ · s)} with {@code s = γ / √(σ² + eps)} (γ = 1, β = 0 when
   * null), as PyTorch's CPU kernel computes it: the full-size tensor is read by the mean, {@code (x
   * − μ)²} and the final product and sum, four passes where the centred form takes six (its centred
   * copy, the square, and the product and sum on it). Its gradient would need M2.1's slow broadcast
   * {@code multiply_bp}, so the NCHW graphs that are trained keep the centred form.
   */
  private SDVariable perChannelAffine(
      Scope scope, SDVariable x, SDVariable gamma, SDVariable beta) {
    Layout layout = scope.layout();
    SDVariable mean = spatialMean(layout, x);
    SDVariable variance = spatialMean(layout, scope.sd().math().squaredDifference(x, mean));
    SDVariable scale = scope.sd().math().rsqrt(variance.add(eps));
    if (gamma != null) {
      scale = scale.mul(gamma);
    }
    SDVariable shift = mean.mul(scale);
    shift = beta == null ? shift.neg() : beta.sub(shift);
    return x.mul(scale).add(shift);
  }

  // Reduce W, then H: one float32 reduction over H·W (65536 values at 256²) in libnd4j loses ~3e-6
  // relative accuracy, two short ones ~2e-7, PyTorch's level.
  private static SDVariable centred(Layout layout, SDVariable x) {
    return x.sub(spatialMean(layout, x));
  }

  private static SDVariable variance(Layout layout, SDVariable centred) {
    return spatialMean(layout, centred.mul(centred));
  }

  private static SDVariable spatialMean(Layout layout, SDVariable x) {
    return x.mean(true, layout.widthAxis()).mean(true, layout.heightAxis());
  }

  /** Configures an {@link InstanceNorm}; defaults: no affine, eps 1e-5 (PyTorch's). */
  public static final class Builder {
    private final int channels;
    private boolean affine = false;
    private double eps = 1e-5;

    private Builder(int channels) {
      Preconditions.checkArgument(
          channels > 0, "InstanceNorm needs channels > 0, got %s", channels);
      this.channels = channels;
    }

    public Builder affine(boolean value) {
      this.affine = value;
      return this;
    }

    public Builder eps(double value) {
      Preconditions.checkArgument(value > 0, "InstanceNorm eps must be > 0, got %s", value);
      this.eps = value;
      return this;
    }

    public InstanceNorm build() {
      return new InstanceNorm(this);
    }
  }
}

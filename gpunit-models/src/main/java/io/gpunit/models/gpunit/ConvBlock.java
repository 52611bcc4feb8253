package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.AdaIn;
import io.gpunit.core.nn.Broadcasts;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.InstanceNorm;
import io.gpunit.core.nn.PadMode;
import io.gpunit.core.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The stage-1 building block ({@code Conv2dBlock} in the official {@code content_encoder.py}):
 *
 * <pre>
 * y = act(norm(conv(x)))
 * </pre>
 *
 * where {@code conv} is a spectral-normalised convolution with reflection padding (parameters under
 * {@code conv.}), {@code norm} is nothing, instance normalisation, or AdaIN driven by a
 * domain-level style code (parameters under {@code norm.style.}), and instance normalisation can be
 * modulated by image-level statistics {@code (μ, σ)} as {@code norm(x)·σ + μ}.
 */
public final class ConvBlock {

  /** The normalisation after the convolution. */
  public enum Norm {
    NONE,
    INSTANCE,
    ADAIN
  }

  /** Instance-norm epsilon of {@code nn.InstanceNorm2d}. */
  public static final double EPS = 1e-5;

  /** Slope of the blocks' LeakyReLU. */
  public static final double SLOPE = 0.2;

  private final Conv2d conv;
  private final Norm norm;
  private final int styleDim;
  private final Activation activation;

  private ConvBlock(Conv2d conv, Norm norm, int styleDim, Activation activation) {
    this.conv = conv;
    this.norm = norm;
    this.styleDim = styleDim;
    this.activation = activation;
  }

  /**
   * A block {@code in → out} with a {@code kernel}² convolution, the given padding (reflection) and
   * stride.
   */
  public static ConvBlock of(
      int in, int out, int kernel, int padding, int stride, Norm norm, Activation activation) {
    return adain(in, out, kernel, padding, stride, norm, 0, activation);
  }

  /** As {@link #of} with AdaIN whose style code has {@code styleDim} entries. */
  public static ConvBlock adain(
      int in,
      int out,
      int kernel,
      int padding,
      int stride,
      Norm norm,
      int styleDim,
      Activation activation) {
    Preconditions.checkArgument(
        norm != Norm.ADAIN || styleDim > 0, "an AdaIN block needs a positive style width");
    Conv2d conv =
        Conv2d.builder(in, out, kernel)
            .stride(stride)
            .padding(padding)
            .padMode(PadMode.REFLECT)
            .spectralNorm(true)
            .build();
    return new ConvBlock(conv, norm, styleDim, activation);
  }

  /** A block without style input (no norm or plain instance norm). */
  public SDVariable apply(Scope scope, SDVariable x) {
    Preconditions.checkState(norm != Norm.ADAIN, "an AdaIN block needs a style code");
    return activation.apply(normalized(scope, x));
  }

  /** An AdaIN block driven by the domain-level style code {@code style} [N, styleDim]. */
  public SDVariable apply(Scope scope, SDVariable x, SDVariable style) {
    Preconditions.checkState(norm == Norm.ADAIN, "only an AdaIN block takes a style code");
    SDVariable y = conv.apply(scope.child("conv"), x);
    SDVariable normalized =
        AdaIn.builder(conv.out(), styleDim).build().apply(scope.child("norm"), y, style);
    return activation.apply(normalized);
  }

  /** An instance-norm block modulated by image-level statistics: {@code act(IN(conv(x))·σ + μ)}. */
  public SDVariable apply(Scope scope, SDVariable x, FeatureStatistics statistics) {
    Preconditions.checkState(norm == Norm.INSTANCE, "only an instance-norm block takes statistics");
    scope.requireNchw("a block modulated by feature statistics");
    SDVariable normalized = normalized(scope, x);
    return activation.apply(
        Broadcasts.multiply(scope, normalized, statistics.std()).add(statistics.mean()));
  }

  private SDVariable normalized(Scope scope, SDVariable x) {
    SDVariable y = conv.apply(scope.child("conv"), x);
    return norm == Norm.INSTANCE
        ? InstanceNorm.builder(conv.out()).eps(EPS).build().apply(scope.child("norm"), y)
        : y;
  }
}

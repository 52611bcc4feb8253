package io.gpunit.models.baselines;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Broadcasts;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.InstanceNorm;
import io.gpunit.core.nn.PadMode;
import io.gpunit.core.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The official {@code Conv2dBlock}:
 *
 * <pre>
 * y = activation(norm(conv(pad(x))))
 * </pre>
 *
 * with a k×k convolution (bias) named {@code conv}, zero or reflection padding, and the norm (named
 * {@code norm}: {@link BlockNorm}) and activation ({@code relu}, {@code lrelu} 0.2, {@code tanh},
 * {@code none}) of the official arguments. The instance norm has eps 1e-5 and no affine parameters,
 * as {@code nn.InstanceNorm2d(C)}.
 */
public final class Conv2dBlock {

  private final int out;
  private final Conv2d conv;
  private final BlockNorm norm;
  private final Activation activation;

  private Conv2dBlock(Builder b) {
    this.out = b.out;
    this.conv =
        Conv2d.builder(b.in, b.out, b.kernel)
            .stride(b.stride)
            .padding(b.padding)
            .padMode(b.padMode)
            .build();
    this.norm = b.norm;
    this.activation = b.activation;
  }

  public static Builder builder(int in, int out, int kernel) {
    return new Builder(in, out, kernel);
  }

  public int out() {
    return out;
  }

  /** The block on {@code x}; a block with {@link BlockNorm#ADAPTIVE} needs the other overload. */
  public SDVariable apply(Scope scope, SDVariable x) {
    Preconditions.checkState(
        norm != BlockNorm.ADAPTIVE,
        "block '%s' has an adaptive norm: apply it with its AdaIN parameters",
        scope.prefix());
    return apply(scope, x, null);
  }

  /** The block on {@code x}, taking its AdaIN scale and shift from {@code adain} if adaptive. */
  public SDVariable apply(Scope scope, SDVariable x, AdaInParameters adain) {
    SDVariable h = conv.apply(scope.child("conv"), x);
    h =
        switch (norm) {
          case NONE -> h;
          case INSTANCE -> InstanceNorm.builder(out).build().apply(scope.child("norm"), h);
          case LAYER -> LayerNorm.of(out).apply(scope.child("norm"), h);
          case ADAPTIVE -> {
            Preconditions.checkArgument(
                adain != null,
                "block '%s' has an adaptive norm but got no AdaIN parameters",
                scope.prefix());
            AdaInParameters.Affine affine = adain.next(out);
            SDVariable normalized = InstanceNorm.builder(out).build().apply(scope.child("norm"), h);
            yield Broadcasts.multiply(scope, normalized, affine.scale()).add(affine.shift());
          }
        };
    return activation.apply(h);
  }

  /** Configures a {@link Conv2dBlock}; defaults: stride 1, padding 0, zeros, no norm, ReLU. */
  public static final class Builder {
    private final int in;
    private final int out;
    private final int kernel;
    private int stride = 1;
    private int padding = 0;
    private PadMode padMode = PadMode.ZEROS;
    private BlockNorm norm = BlockNorm.NONE;
    private Activation activation = Activation.relu();

    private Builder(int in, int out, int kernel) {
      this.in = in;
      this.out = out;
      this.kernel = kernel;
    }

    public Builder stride(int v) {
      stride = v;
      return this;
    }

    public Builder padding(int v) {
      padding = v;
      return this;
    }

    public Builder padMode(PadMode v) {
      padMode = Preconditions.checkNotNull(v, "padMode");
      return this;
    }

    public Builder norm(BlockNorm v) {
      norm = Preconditions.checkNotNull(v, "norm");
      return this;
    }

    public Builder activation(Activation v) {
      activation = Preconditions.checkNotNull(v, "activation");
      return this;
    }

    public Conv2dBlock build() {
      return new Conv2dBlock(this);
    }
  }
}

package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The plain residual block of MUNIT / CycleGAN generators:
 *
 * <pre>
 * out = x + norm_1(conv_1(relu(norm_0(conv_0(x)))))
 * </pre>
 *
 * with 3×3 convolutions C → C (padding 1, zero or reflect) and instance normalisation (eps 1e-5,
 * affine only if asked).
 */
public final class ResBlock {

  // Both convolutions (and both norms) share one configuration; their parameters live in distinct
  // child scopes.
  private final Conv2d conv;
  private final InstanceNorm norm;

  private ResBlock(Builder b) {
    this.conv = Conv2d.builder(b.channels, b.channels, 3).padding(1).padMode(b.padMode).build();
    this.norm = InstanceNorm.builder(b.channels).affine(b.affine).build();
  }

  public static Builder builder(int channels) {
    return new Builder(channels);
  }

  public SDVariable apply(Scope scope, SDVariable x) {
    SDVariable h = conv.apply(scope.child("conv_0"), x);
    h = Activation.relu().apply(norm.apply(scope.child("norm_0"), h));
    h = norm.apply(scope.child("norm_1"), conv.apply(scope.child("conv_1"), h));
    return x.add(h);
  }

  /** Configures a {@link ResBlock}; defaults: zero padding, instance norm without affine. */
  public static final class Builder {
    private final int channels;
    private PadMode padMode = PadMode.ZEROS;
    private boolean affine = false;

    private Builder(int channels) {
      Preconditions.checkArgument(channels > 0, "ResBlock needs channels > 0, got %s", channels);
      this.channels = channels;
    }

    public Builder padMode(PadMode value) {
      this.padMode = Preconditions.checkNotNull(value, "padMode");
      return this;
    }

    /** Whether the instance norms have a learnt scale and shift. */
    public Builder affine(boolean value) {
      this.affine = value;
      return this;
    }

    public ResBlock build() {
      return new ResBlock(this);
    }
  }
}

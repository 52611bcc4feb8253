package io.gpunit.models.cyclegan;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.InstanceNorm;
import io.gpunit.core.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The PatchGAN discriminator ({@code NLayerDiscriminator} of the official {@code networks.py}): 4×4
 * convolutions with zero padding 1 and LeakyReLU(0.2), for k = ndf and L layers
 *
 * <pre>
 * C64 (stride 2, no norm), C128, C256 (stride 2, instance norm) … , C512 (stride 1), conv → 1
 * </pre>
 *
 * i.e. a first stride-2 convolution to k channels, L − 1 stride-2 convolutions to min(2ⁿ, 8)·k
 * channels, one stride-1 convolution to min(2ᴸ, 8)·k and a stride-1 convolution to one logit per
 * patch. With L = 3 each logit sees a 70×70 patch and a 256² image gives a 30×30 map; the side
 * shrinks by ½ per stride-2 layer and by 1 per stride-1 layer, so the input needs {@code S / 2ᴸ ≥
 * 3}. Parameters are named by their official {@code model} index ({@code model.0}, {@code model.2},
 * {@code model.5}, …); convolutions have biases, instance norms no parameters.
 */
public final class PatchDiscriminator {

  private static final int KERNEL = 4;
  private static final double SLOPE = 0.2;
  private static final int MAX_MULTIPLIER = 8;

  private final int channels;
  private final int ndf;
  private final int layers;

  private PatchDiscriminator(Builder b) {
    this.channels = b.channels;
    this.ndf = b.ndf;
    this.layers = b.layers;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int layers() {
    return layers;
  }

  /** The logit map [N, 1, P, P] of {@code x} [N, channels, S, S]. */
  public SDVariable apply(Scope scope, SDVariable x) {
    scope.requireNchw("the PatchGAN discriminator");
    Scope model = scope.child("model");
    Activation leaky = Activation.leakyRelu(SLOPE);
    SDVariable h = leaky.apply(conv(channels, ndf, 2).apply(model.child(0), x));
    int index = 2;
    int width = ndf;
    for (int n = 1; n <= layers; n++) {
      int next = ndf * Math.min(1 << n, MAX_MULTIPLIER);
      int stride = n < layers ? 2 : 1;
      h = conv(width, next, stride).apply(model.child(index), h);
      h = InstanceNorm.builder(next).build().apply(model.child(index + 1), h);
      h = leaky.apply(h);
      width = next;
      index += 3;
    }
    return conv(width, 1, 1).apply(model.child(index), h);
  }

  /** The side of the logit map for inputs of side {@code size} (0 or less: too small). */
  public int outputSize(int size) {
    int side = size;
    for (int n = 0; n < layers; n++) {
      side = (side + 2 - KERNEL) / 2 + 1;
    }
    return side - 2;
  }

  private static Conv2d conv(int in, int out, int stride) {
    return Conv2d.builder(in, out, KERNEL).stride(stride).padding(1).build();
  }

  /** Configures a {@link PatchDiscriminator}; defaults: 3 channels, ndf 64, 3 layers (70×70). */
  public static final class Builder {
    private int channels = 3;
    private int ndf = 64;
    private int layers = 3;

    private Builder() {}

    public Builder channels(int value) {
      Preconditions.checkArgument(value > 0, "discriminator channels must be > 0, got %s", value);
      channels = value;
      return this;
    }

    /** k: the width of the first layer. */
    public Builder ndf(int value) {
      Preconditions.checkArgument(value > 0, "discriminator ndf must be > 0, got %s", value);
      ndf = value;
      return this;
    }

    /**
     * L: the number of stride-2 layers after the first convolution's (official {@code n_layers}).
     */
    public Builder layers(int value) {
      Preconditions.checkArgument(value >= 1, "discriminator layers must be >= 1, got %s", value);
      layers = value;
      return this;
    }

    public PatchDiscriminator build() {
      return new PatchDiscriminator(this);
    }
  }
}

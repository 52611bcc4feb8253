package io.gpunit.models.cyclegan;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.ConvTranspose2d;
import io.gpunit.core.nn.InstanceNorm;
import io.gpunit.core.nn.PadMode;
import io.gpunit.core.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * CycleGAN's generator ({@code ResnetGenerator} of the official {@code networks.py}; Johnson et
 * al.'s architecture), in the paper's notation for k = ngf and n blocks:
 *
 * <pre>
 * c7s1-k, d2k, d4k, R4k × n, u2k, uk, c7s1-3 → tanh
 * </pre>
 *
 * c7s1-k: reflect-padded 7×7 convolution, instance norm, ReLU; dk: 3×3 stride-2 convolution (zero
 * padding 1), instance norm, ReLU; Rk: {@link ResnetBlock}; uk: 3×3 stride-2 transposed convolution
 * (padding 1, output padding 1), instance norm, ReLU. Instance norms have no affine parameters and
 * every convolution has a bias (the official {@code use_bias} with instance norm). Parameters are
 * named by their index in the official {@code model} {@code nn.Sequential}: {@code model.1}, {@code
 * model.4}, {@code model.7}, blocks {@code model.10 … model.(9+n)}, transposed convolutions {@code
 * model.(10+n)}, {@code model.(13+n)}, last convolution {@code model.(17+n)}. The side S of the
 * input must be a multiple of 4. The official default is k = 64, n = 9.
 */
public final class ResnetGenerator {

  /** Index of the first residual block in the official {@code model} list. */
  static final int FIRST_BLOCK = 10;

  private final int channels;
  private final int ngf;
  private final int blocks;

  private ResnetGenerator(Builder b) {
    this.channels = b.channels;
    this.ngf = b.ngf;
    this.blocks = b.blocks;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Image channels in and out. */
  public int channels() {
    return channels;
  }

  public int ngf() {
    return ngf;
  }

  public int blocks() {
    return blocks;
  }

  /** G(x) [N, channels, S, S] in (−1, 1) of {@code x} [N, channels, S, S]. */
  public SDVariable apply(Scope scope, SDVariable x) {
    scope.requireNchw("the ResNet generator");
    Scope model = scope.child("model");
    Conv2d first = Conv2d.builder(channels, ngf, 7).padding(3).padMode(PadMode.REFLECT).build();
    SDVariable h = block(model, 1, first.apply(model.child(1), x), ngf);
    int width = ngf;
    for (int i = 0; i < 2; i++) {
      int index = 4 + 3 * i;
      Conv2d down = Conv2d.builder(width, 2 * width, 3).stride(2).padding(1).build();
      width *= 2;
      h = block(model, index, down.apply(model.child(index), h), width);
    }
    ResnetBlock residual = ResnetBlock.of(width);
    for (int i = 0; i < blocks; i++) {
      h = residual.apply(model.child(FIRST_BLOCK + i), h);
    }
    for (int i = 0; i < 2; i++) {
      int index = FIRST_BLOCK + blocks + 3 * i;
      ConvTranspose2d up =
          ConvTranspose2d.builder(width, width / 2, 3)
              .stride(2)
              .padding(1)
              .outputPadding(1)
              .build();
      width /= 2;
      h = block(model, index, up.apply(model.child(index), h), width);
    }
    int last = FIRST_BLOCK + blocks + 7;
    Conv2d out = Conv2d.builder(ngf, channels, 7).padding(3).padMode(PadMode.REFLECT).build();
    return Activation.tanh().apply(out.apply(model.child(last), h));
  }

  /** Instance norm (at {@code convIndex + 1}, no parameters) and ReLU after a convolution. */
  private static SDVariable block(Scope model, int convIndex, SDVariable conv, int width) {
    SDVariable normed = InstanceNorm.builder(width).build().apply(model.child(convIndex + 1), conv);
    return Activation.relu().apply(normed);
  }

  /** Configures a {@link ResnetGenerator}; defaults: 3 channels, ngf 64, 9 blocks (official). */
  public static final class Builder {
    private int channels = 3;
    private int ngf = 64;
    private int blocks = 9;

    private Builder() {}

    public Builder channels(int value) {
      Preconditions.checkArgument(value > 0, "generator channels must be > 0, got %s", value);
      channels = value;
      return this;
    }

    /** k: the width of the first layer (the bottleneck has 4k channels). */
    public Builder ngf(int value) {
      Preconditions.checkArgument(value > 0, "generator ngf must be > 0, got %s", value);
      ngf = value;
      return this;
    }

    /** n: the number of residual blocks (official: 9 at 256², 6 at 128²). */
    public Builder blocks(int value) {
      Preconditions.checkArgument(value >= 0, "generator blocks must be >= 0, got %s", value);
      blocks = value;
      return this;
    }

    public ResnetGenerator build() {
      return new ResnetGenerator(this);
    }
  }
}

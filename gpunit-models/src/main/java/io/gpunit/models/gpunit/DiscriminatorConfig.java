package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;

/**
 * Widths of the stage-2 discriminator D ({@code Discriminator(max_conv_dim)} in the official {@code
 * discriminator.py}, after StarGAN v2).
 *
 * <p>A 3×3 convolution to {@code dimIn} channels, {@code log2(resolution) − 2} residual blocks that
 * halve the size and double the width up to {@code maxConvDim}, LeakyReLU, a 4×4 valid convolution,
 * LeakyReLU and a 1×1 convolution to one logit; every convolution spectral-normalised (the official
 * D) unless {@code spectralNorm} is false (StarGAN v2's D, which GP-UNIT's follows, has none and
 * relies on R1 alone).
 */
public record DiscriminatorConfig(int dimIn, int maxConvDim, int resolution, boolean spectralNorm) {

  /** The official widths: {@code dim_in = 64}, {@code max_conv_dim = 512}, 256² images. */
  public static final DiscriminatorConfig DEFAULT = builder().build();

  public DiscriminatorConfig {
    Preconditions.checkArgument(dimIn > 0, "dimIn must be positive, got %s", dimIn);
    Preconditions.checkArgument(maxConvDim > 0, "maxConvDim must be positive, got %s", maxConvDim);
    Preconditions.checkArgument(
        resolution >= 8 && Integer.bitCount(resolution) == 1,
        "resolution must be a power of two ≥ 8, got %s",
        resolution);
  }

  /** Number of residual downsampling blocks ({@code model.1 .. model.blocks}). */
  public int blocks() {
    return Integer.numberOfTrailingZeros(resolution) - 2;
  }

  /** Output width of residual block {@code b} (1-based); block 0 is the first convolution. */
  public int blockChannels(int b) {
    Preconditions.checkArgument(b >= 0 && b <= blocks(), "block %s out of range", b);
    int c = dimIn;
    for (int k = 0; k < b; k++) {
      c = Math.min(c * 2, maxConvDim);
    }
    return c;
  }

  /** Width of the last feature map and of the 4×4 convolution. */
  public int outChannels() {
    return blockChannels(blocks());
  }

  /**
   * The widths of a discriminator whose weights are named {@code prefix + "model.0.weight_orig"}
   * etc. (spectral-normalised) or {@code prefix + "model.0.weight"}; the number of blocks gives the
   * resolution.
   */
  public static DiscriminatorConfig inferFrom(TensorShapes shapes, String prefix) {
    boolean sn = !shapes.has(prefix + "model.0.weight");
    String weight = sn ? ".weight_orig" : ".weight";
    int dimIn = shapes.width(prefix + "model.0" + weight, 4, 0, "discriminator dim_in");
    int blocks = shapes.count(i -> prefix + "model." + i + ".conv_0" + weight, 1, 1);
    int out =
        shapes.width(prefix + "model." + (blocks + 2) + weight, 4, 0, "discriminator max_conv_dim");
    return builder()
        .dimIn(dimIn)
        .maxConvDim(out)
        .resolution(1 << (blocks + 2))
        .spectralNorm(sn)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the official defaults. */
  public static final class Builder {
    private int dimIn = 64;
    private int maxConvDim = 512;
    private int resolution = 256;
    private boolean spectralNorm = true;

    private Builder() {}

    public Builder dimIn(int dimIn) {
      this.dimIn = dimIn;
      return this;
    }

    public Builder maxConvDim(int maxConvDim) {
      this.maxConvDim = maxConvDim;
      return this;
    }

    public Builder resolution(int resolution) {
      this.resolution = resolution;
      return this;
    }

    /** Whether every convolution is spectral-normalised (default true, the official D). */
    public Builder spectralNorm(boolean spectralNorm) {
      this.spectralNorm = spectralNorm;
      return this;
    }

    public DiscriminatorConfig build() {
      return new DiscriminatorConfig(dimIn, maxConvDim, resolution, spectralNorm);
    }
  }
}

package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;

/**
 * Widths of the generator's style encoder E<sub>s</sub> ({@code StyleEncoder} in the official
 * {@code generator.py}, built by {@code Generator} as {@code StyleEncoder(nef=64, enc_nlayers=5,
 * mlp_nlayers=2, compress_nc=64, style_code_nc=256)}).
 *
 * <p>A 7×7 convolution to {@code nef} channels, then {@code downsamplings} 4×4 stride-2
 * convolutions whose width doubles up to {@code maxChannels}, global average pooling, and an MLP
 * {@code C → compress → C → … → C} with {@code mlpLayers} expanding layers, every linear layer
 * followed by ReLU.
 */
public record StyleEncoderConfig(
    int nef, int downsamplings, int maxChannels, int compressChannels, int mlpLayers) {

  /** What the official {@code Generator} builds at every width. */
  public static final StyleEncoderConfig DEFAULT = builder().build();

  public StyleEncoderConfig {
    Preconditions.checkArgument(nef > 0, "nef must be positive, got %s", nef);
    Preconditions.checkArgument(
        downsamplings >= 0, "downsamplings must be non-negative, got %s", downsamplings);
    Preconditions.checkArgument(
        maxChannels > 0, "maxChannels must be positive, got %s", maxChannels);
    Preconditions.checkArgument(
        compressChannels > 0, "compressChannels must be positive, got %s", compressChannels);
    Preconditions.checkArgument(
        mlpLayers >= 0, "mlpLayers must be non-negative, got %s", mlpLayers);
  }

  /**
   * Output width of convolution {@code i} (0 = the 7×7 one, 1..downsamplings the stride-2 ones).
   */
  public int convChannels(int i) {
    Preconditions.checkArgument(i >= 0 && i <= downsamplings, "conv %s out of range", i);
    int c = nef;
    for (int k = 0; k < i; k++) {
      c = Math.min(c * 2, maxChannels);
    }
    return c;
  }

  /** Width of the pooled features and of the style code. */
  public int styleDim() {
    return convChannels(downsamplings);
  }

  /**
   * The widths of a style encoder whose weights are named {@code prefix + "model.0.weight"} etc.
   */
  public static StyleEncoderConfig inferFrom(TensorShapes shapes, String prefix) {
    int nef = shapes.width(prefix + "model.0.weight", 4, 0, "style encoder nef");
    int downsamplings = shapes.count(i -> prefix + "model." + i + ".weight", 2, 2);
    int styleDim =
        shapes.width(
            prefix + "model." + (2 * downsamplings) + ".weight", 4, 0, "style encoder width");
    int compress = shapes.width(prefix + "mlp.0.weight", 2, 0, "style encoder compress_nc");
    int linears = shapes.count(i -> prefix + "mlp." + i + ".weight", 0, 2);
    return builder()
        .nef(nef)
        .downsamplings(downsamplings)
        .maxChannels(styleDim)
        .compressChannels(compress)
        .mlpLayers(linears - 1)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the official defaults. */
  public static final class Builder {
    private int nef = 64;
    private int downsamplings = 5;
    private int maxChannels = 256;
    private int compressChannels = 64;
    private int mlpLayers = 2;

    private Builder() {}

    public Builder nef(int nef) {
      this.nef = nef;
      return this;
    }

    public Builder downsamplings(int downsamplings) {
      this.downsamplings = downsamplings;
      return this;
    }

    /** The width cap ({@code style_code_nc}). */
    public Builder maxChannels(int maxChannels) {
      this.maxChannels = maxChannels;
      return this;
    }

    public Builder compressChannels(int compressChannels) {
      this.compressChannels = compressChannels;
      return this;
    }

    public Builder mlpLayers(int mlpLayers) {
      this.mlpLayers = mlpLayers;
      return this;
    }

    public StyleEncoderConfig build() {
      return new StyleEncoderConfig(nef, downsamplings, maxChannels, compressChannels, mlpLayers);
    }
  }
}

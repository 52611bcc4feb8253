package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;

/**
 * Widths of the stage-1 content encoder E<sub>c</sub> ({@code ContentEncoder(nef)} in the official
 * {@code content_encoder.py}).
 *
 * <p>Block {@code k} (1..6) is a pair of 3×3 convolutions whose output widths are {@code nef·[1, 2,
 * 4, 8, 8, 8][k-1]}; the last convolution of block 6 outputs {@link #contentChannels()} channels (1
 * in GP-UNIT: the 8×8 content code). Every input is first resized to {@link #resolution()}².
 */
public record ContentEncoderConfig(int nef, int contentChannels, int resolution) {

  /** The official widths: {@code nef = 64}, one content channel, 256² input. */
  public static final ContentEncoderConfig DEFAULT = builder().build();

  private static final int[] MULTIPLIERS = {1, 2, 4, 8, 8, 8};

  public ContentEncoderConfig {
    Preconditions.checkArgument(nef > 0, "nef must be positive, got %s", nef);
    Preconditions.checkArgument(
        contentChannels > 0, "contentChannels must be positive, got %s", contentChannels);
    checkResolution(resolution);
  }

  /**
   * Throws {@link IllegalArgumentException} unless {@code resolution} is a positive multiple of 32
   * (five stride-2 stages).
   */
  public static int checkResolution(int resolution) {
    Preconditions.checkArgument(
        resolution >= 32 && resolution % 32 == 0,
        "resolution must be a positive multiple of 32 (five stride-2 stages), got %s",
        resolution);
    return resolution;
  }

  /** The side of the content code c6: {@code resolution / 32} (8 at the official 256). */
  public int codeSize() {
    return resolution / 32;
  }

  /** These widths at another working resolution (the weights fit any). */
  public ContentEncoderConfig withResolution(int r) {
    return new ContentEncoderConfig(nef, contentChannels, r);
  }

  /** Number of blocks ({@code layer1 .. layer6}). */
  public static int blocks() {
    return MULTIPLIERS.length;
  }

  /** Output width of block {@code k} (1-based), i.e. of feature {@code c_k}. */
  public int blockChannels(int k) {
    Preconditions.checkArgument(k >= 1 && k <= blocks(), "block %s is not in 1..%s", k, blocks());
    return k == blocks() ? contentChannels : nef * MULTIPLIERS[k - 1];
  }

  /** Input width of block {@code k} (1-based). */
  public int blockInputChannels(int k) {
    return k == 1 ? 3 : blockChannels(k - 1);
  }

  /** Width of the first convolution of block {@code k}: it keeps the input width. */
  public int blockMiddleChannels(int k) {
    return k == 1 ? nef : blockInputChannels(k);
  }

  /**
   * The widths of a content encoder whose weights are named {@code prefix +
   * "layer1.0.conv.weight_orig"} etc.
   */
  public static ContentEncoderConfig inferFrom(TensorShapes shapes, String prefix) {
    int nef = shapes.width(prefix + "layer1.0.conv.weight_orig", 4, 0, "content encoder nef");
    int content =
        shapes.width(prefix + "layer6.1.conv.weight_orig", 4, 0, "content encoder output channels");
    return builder().nef(nef).contentChannels(content).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the official defaults. */
  public static final class Builder {
    private int nef = 64;
    private int contentChannels = 1;
    private int resolution = 256;

    private Builder() {}

    public Builder nef(int nef) {
      this.nef = nef;
      return this;
    }

    public Builder contentChannels(int contentChannels) {
      this.contentChannels = contentChannels;
      return this;
    }

    public Builder resolution(int resolution) {
      this.resolution = resolution;
      return this;
    }

    public ContentEncoderConfig build() {
      return new ContentEncoderConfig(nef, contentChannels, resolution);
    }
  }
}

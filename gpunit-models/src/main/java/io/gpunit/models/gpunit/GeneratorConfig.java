package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;

/**
 * Widths of the stage-2 generator G ({@code Generator(content_nc, ngf)} in the official {@code
 * generator.py}).
 *
 * <p>Six layers from 8² to 256² with output widths {@code ngf·[8, 8, 4, 2, 1, 1]}; layer 0 reads
 * the {@link #contentChannels()}-channel content code. The dynamic skips of layers 1 and 2 fuse
 * content features of widths {@code 8·ngf} and {@code 4·ngf}; their hidden state starts as the
 * content code (so the official {@code content_nc[1]}, {@code content_nc[2]} are {@code
 * contentChannels} and {@code 8·ngf} and need not be given).
 */
public record GeneratorConfig(int ngf, int contentChannels, StyleEncoderConfig styleEncoder) {

  /** The official widths. */
  public static final GeneratorConfig DEFAULT = builder().build();

  private static final int[] MULTIPLIERS = {8, 8, 4, 2, 1, 1};

  /** Layers that have a dynamic skip connection. */
  private static final int FIRST_SKIP = 1;

  private static final int LAST_SKIP = 2;

  public GeneratorConfig {
    Preconditions.checkArgument(ngf > 0, "ngf must be positive, got %s", ngf);
    Preconditions.checkArgument(
        contentChannels > 0, "contentChannels must be positive, got %s", contentChannels);
    Preconditions.checkNotNull(styleEncoder, "styleEncoder");
  }

  /** Number of generator layers ({@code model.0 .. model.5}). */
  public static int layers() {
    return MULTIPLIERS.length;
  }

  /** Output width of layer {@code i}. */
  public int layerChannels(int i) {
    Preconditions.checkArgument(
        i >= 0 && i < layers(), "layer %s is not in 0..%s", i, layers() - 1);
    return ngf * MULTIPLIERS[i];
  }

  /** Input width of layer {@code i}. */
  public int layerInputChannels(int i) {
    return i == 0 ? contentChannels : layerChannels(i - 1);
  }

  /** Whether layer {@code i} has a dynamic skip connection. */
  public static boolean hasSkip(int i) {
    return i >= FIRST_SKIP && i <= LAST_SKIP;
  }

  /** Width of the hidden state entering the skip of layer {@code i}. */
  public int skipHiddenChannels(int i) {
    Preconditions.checkArgument(hasSkip(i), "layer %s has no skip connection", i);
    return i == FIRST_SKIP ? contentChannels : layerChannels(i - 1);
  }

  /** Width of the AdaIN style code. */
  public int styleDim() {
    return styleEncoder.styleDim();
  }

  /**
   * The widths of a generator whose weights are named {@code prefix + "model.0.rgblayer.weight"}
   * etc.
   */
  public static GeneratorConfig inferFrom(TensorShapes shapes, String prefix) {
    int ngf =
        shapes.width(
            prefix + "model." + (layers() - 1) + ".rgblayer.weight", 4, 1, "generator ngf");
    int content =
        shapes.width(prefix + "model.0.reslayer.conv_0.weight", 4, 1, "generator content channels");
    return builder()
        .ngf(ngf)
        .contentChannels(content)
        .styleEncoder(StyleEncoderConfig.inferFrom(shapes, prefix + "style_encoder."))
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the official defaults. */
  public static final class Builder {
    private int ngf = 64;
    private int contentChannels = 1;
    private StyleEncoderConfig styleEncoder = StyleEncoderConfig.DEFAULT;

    private Builder() {}

    public Builder ngf(int ngf) {
      this.ngf = ngf;
      return this;
    }

    public Builder contentChannels(int contentChannels) {
      this.contentChannels = contentChannels;
      return this;
    }

    public Builder styleEncoder(StyleEncoderConfig styleEncoder) {
      this.styleEncoder = styleEncoder;
      return this;
    }

    public GeneratorConfig build() {
      return new GeneratorConfig(ngf, contentChannels, styleEncoder);
    }
  }
}

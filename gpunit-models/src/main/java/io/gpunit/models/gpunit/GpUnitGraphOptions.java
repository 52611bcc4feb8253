package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Layout;

/**
 * How a {@link GpUnitGraph} is built.
 *
 * @param contentHeight the height of the content placeholder; the content encoder resizes it to its
 *     working resolution inside the graph, which needs the size when the graph is built
 * @param contentWidth the width of the content placeholder
 * @param samplerStatistics the batch normalisation statistics of the style sampler
 * @param generatorScale the generator layer whose image is the output, of side code · 2^scale: 5 →
 *     256² for the released models (8² code), 3 → 64² for a model with that code trained on 64²
 *     images (its later layers are untrained)
 * @param layout where the channels of the networks' activations lie inside the graph; the
 *     placeholders and named outputs are NCHW either way
 */
public record GpUnitGraphOptions(
    int contentHeight,
    int contentWidth,
    Sampler.Statistics samplerStatistics,
    int generatorScale,
    Layout layout) {

  /**
   * 256² content (as the official {@code inference.py} feeds it, no resize in the graph) and a
   * sampler with batch statistics (as that script runs it).
   */
  public static final GpUnitGraphOptions DEFAULT =
      new GpUnitGraphOptions(
          256, 256, Sampler.Statistics.BATCH, GeneratorConfig.layers() - 1, Layout.NHWC);

  public GpUnitGraphOptions {
    Preconditions.checkArgument(
        contentHeight > 0 && contentWidth > 0,
        "content size must be positive, got %sx%s",
        contentHeight,
        contentWidth);
    Preconditions.checkNotNull(samplerStatistics, "samplerStatistics");
    Preconditions.checkNotNull(layout, "layout");
    Preconditions.checkArgument(
        generatorScale >= 0 && generatorScale < GeneratorConfig.layers(),
        "generatorScale must be in 0..%s, got %s",
        GeneratorConfig.layers() - 1,
        generatorScale);
  }

  public GpUnitGraphOptions withContentSize(int height, int width) {
    return new GpUnitGraphOptions(height, width, samplerStatistics, generatorScale, layout);
  }

  public GpUnitGraphOptions withSamplerStatistics(Sampler.Statistics statistics) {
    return new GpUnitGraphOptions(contentHeight, contentWidth, statistics, generatorScale, layout);
  }

  /** Outputs of side {@code code · 2^scale}: the generator stops at that layer. */
  public GpUnitGraphOptions withGeneratorScale(int scale) {
    return new GpUnitGraphOptions(contentHeight, contentWidth, samplerStatistics, scale, layout);
  }

  public GpUnitGraphOptions withLayout(Layout value) {
    return new GpUnitGraphOptions(
        contentHeight, contentWidth, samplerStatistics, generatorScale, value);
  }

  /**
   * The generator scale whose output side is {@code size} (8 · 2^scale), for trained sizes of a
   * model with the official 8² content code.
   */
  public static int scaleFor(int size) {
    return scaleFor(size, ContentEncoderConfig.DEFAULT.codeSize());
  }

  /**
   * The generator scale whose output side is {@code size} (code · 2^scale) when the content code is
   * {@code code}² ({@link ContentEncoderConfig#codeSize()}).
   */
  public static int scaleFor(int size, int code) {
    Preconditions.checkArgument(code > 0, "code size must be positive, got %s", code);
    int scale = Integer.numberOfTrailingZeros(size / code);
    Preconditions.checkArgument(
        size % code == 0 && Integer.bitCount(size / code) == 1 && scale < GeneratorConfig.layers(),
        "from a %s² content code the generator makes %s², %s², … %s² images; %s² is none of them",
        code,
        code,
        2 * code,
        code << (GeneratorConfig.layers() - 1),
        size);
    return scale;
  }
}

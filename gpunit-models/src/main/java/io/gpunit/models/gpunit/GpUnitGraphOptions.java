package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;

/**
 * How a {@link GpUnitGraph} is built.
 *
 * @param contentHeight the height of the content placeholder; the content encoder resizes it to its
 *     working resolution inside the graph, which needs the size when the graph is built
 * @param contentWidth the width of the content placeholder
 * @param samplerStatistics the batch normalisation statistics of the style sampler
 */
public record GpUnitGraphOptions(
    int contentHeight, int contentWidth, Sampler.Statistics samplerStatistics) {

  /**
   * 256² content (as the official {@code inference.py} feeds it, no resize in the graph) and a
   * sampler with batch statistics (as that script runs it).
   */
  public static final GpUnitGraphOptions DEFAULT =
      new GpUnitGraphOptions(256, 256, Sampler.Statistics.BATCH);

  public GpUnitGraphOptions {
    Preconditions.checkArgument(
        contentHeight > 0 && contentWidth > 0,
        "content size must be positive, got %sx%s",
        contentHeight,
        contentWidth);
    Preconditions.checkNotNull(samplerStatistics, "samplerStatistics");
  }

  public GpUnitGraphOptions withContentSize(int height, int width) {
    return new GpUnitGraphOptions(height, width, samplerStatistics);
  }

  public GpUnitGraphOptions withSamplerStatistics(Sampler.Statistics statistics) {
    return new GpUnitGraphOptions(contentHeight, contentWidth, statistics);
  }
}

package io.gpunit.spark;

import com.google.common.base.Preconditions;
import io.gpunit.core.image.ResizePolicy;
import java.io.Serializable;
import java.util.Objects;

/**
 * How {@link SparkTranslate} translates: images per inference batch (with the pixel and byte limits,
 * what bounds a task's memory), the job seed of the sampled styles, the style, the image size and
 * resize policy. Immutable; start from {@link #defaults()}.
 *
 * @param batchSize images per forward pass; a task holds at most one batch of decoded images
 * @param maxPixels images with more pixels (read from the header, before decoding) are bad rows
 * @param maxBytes files larger than this are bad rows, never read into memory by {@link
 *     ImageSources#readImages}
 * @param seed job seed; an image's sampled style is seeded from it and the image's path
 * @param style sampled styles, or one exemplar image for every row
 * @param imageSize side the images are brought to (0: the size the model was trained at)
 * @param resize how images are brought to {@code imageSize²}
 */
public record TranslateOptions(
    int batchSize,
    long maxPixels,
    long maxBytes,
    long seed,
    StyleChoice style,
    int imageSize,
    ResizePolicy resize)
    implements Serializable {

  public static final int DEFAULT_BATCH_SIZE = 8;

  /** 40 megapixels: a decoded image of that size takes 160 MB as ints, 480 MB as floats. */
  public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  public TranslateOptions {
    Preconditions.checkArgument(batchSize >= 1, "batch size must be at least 1, got %s", batchSize);
    Preconditions.checkArgument(maxPixels >= 1, "maxPixels must be at least 1, got %s", maxPixels);
    Preconditions.checkArgument(maxBytes >= 1, "maxBytes must be at least 1, got %s", maxBytes);
    Preconditions.checkArgument(imageSize >= 0, "image size must not be negative, got %s", imageSize);
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(resize, "resize");
  }

  /** Batches of 8, 40 megapixels, 64 MiB, seed 0, sampled styles, the model's size, squashed. */
  public static TranslateOptions defaults() {
    return new TranslateOptions(
        DEFAULT_BATCH_SIZE,
        DEFAULT_MAX_PIXELS,
        DEFAULT_MAX_BYTES,
        0L,
        StyleChoice.sampled(),
        0,
        ResizePolicy.SQUASH);
  }

  public TranslateOptions withBatchSize(int n) {
    return new TranslateOptions(n, maxPixels, maxBytes, seed, style, imageSize, resize);
  }

  public TranslateOptions withMaxPixels(long n) {
    return new TranslateOptions(batchSize, n, maxBytes, seed, style, imageSize, resize);
  }

  public TranslateOptions withMaxBytes(long n) {
    return new TranslateOptions(batchSize, maxPixels, n, seed, style, imageSize, resize);
  }

  public TranslateOptions withSeed(long s) {
    return new TranslateOptions(batchSize, maxPixels, maxBytes, s, style, imageSize, resize);
  }

  public TranslateOptions withStyle(StyleChoice s) {
    return new TranslateOptions(batchSize, maxPixels, maxBytes, seed, s, imageSize, resize);
  }

  public TranslateOptions withImageSize(int size) {
    return new TranslateOptions(batchSize, maxPixels, maxBytes, seed, style, size, resize);
  }

  public TranslateOptions withResize(ResizePolicy policy) {
    return new TranslateOptions(batchSize, maxPixels, maxBytes, seed, style, imageSize, policy);
  }
}

package io.gpunit.core.image;

import com.google.common.base.Preconditions;

/**
 * How strictly {@link Images} decodes a file: the largest image it will decode (checked against the
 * header before any pixel is allocated, since a few hundred KB of PNG can declare gigapixels) and
 * whether data that ends early is accepted (ImageIO otherwise fills the missing rows with grey and
 * only warns, so a truncated JPEG would pass silently).
 *
 * @param maxPixels width × height above which an image is refused with {@link
 *     ImageTooLargeException}
 * @param allowTruncated accept images whose decoder warned that the data ended early or is damaged
 */
public record DecodeOptions(long maxPixels, boolean allowTruncated) {

  /** 50 megapixels: well above any photo a 256² model needs, far below what exhausts a heap. */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  /** At most {@link #DEFAULT_MAX_PIXELS}, truncated data refused. */
  public static final DecodeOptions DEFAULT = new DecodeOptions(DEFAULT_MAX_PIXELS, false);

  public DecodeOptions {
    Preconditions.checkArgument(maxPixels >= 1, "maxPixels must be at least 1, got %s", maxPixels);
  }

  public DecodeOptions withMaxPixels(long pixels) {
    return new DecodeOptions(pixels, allowTruncated);
  }

  public DecodeOptions withAllowTruncated(boolean allow) {
    return new DecodeOptions(maxPixels, allow);
  }

  /**
   * Refuses a {@code width × height} image above the limit.
   *
   * @throws ImageTooLargeException naming {@code source}
   */
  public void checkSize(String source, long width, long height) {
    if (width * height > maxPixels) {
      throw new ImageTooLargeException(source, width, height, maxPixels);
    }
  }
}

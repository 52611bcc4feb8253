package io.gpunit.core.image;

import java.util.Locale;

/**
 * An image with more pixels than the decoder may allocate ({@link DecodeOptions#maxPixels()}),
 * refused from its header before decoding. A service can map it to "413 Payload Too Large".
 */
public final class ImageTooLargeException extends ImageReadException {

  private static final long serialVersionUID = 1L;

  private final long width;
  private final long height;
  private final long maxPixels;

  public ImageTooLargeException(String source, long width, long height, long maxPixels) {
    super(
        source,
        String.format(
            Locale.ROOT,
            "%dx%d is %.1f megapixels, more than the limit of %.1f",
            width,
            height,
            width * height / 1e6,
            maxPixels / 1e6));
    this.width = width;
    this.height = height;
    this.maxPixels = maxPixels;
  }

  public long width() {
    return width;
  }

  public long height() {
    return height;
  }

  public long maxPixels() {
    return maxPixels;
  }
}

package io.gpunit.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What is wrong with a row's bytes before anything is decoded: missing, empty, too many bytes, not
 * an image format, or more pixels than allowed (read from the header, so a small file that claims
 * a huge image never allocates it).
 */
final class ImageCheck {

  private ImageCheck() {}

  /**
   * The reason the row cannot be translated, or empty.
   *
   * @param length the file's length when {@code bytes} were not read (too large), else ignored
   */
  static Optional<String> problem(byte[] bytes, long length, TranslateOptions options) {
    long size = bytes == null ? length : bytes.length;
    if (size > options.maxBytes()) {
      return Optional.of(
          String.format(
              Locale.ROOT, "too large: %d bytes, the limit is %d", size, options.maxBytes()));
    }
    if (bytes == null) {
      return Optional.of("no content");
    }
    if (bytes.length == 0) {
      return Optional.of("empty file");
    }
    return pixels(bytes, options.maxPixels());
  }

  private static Optional<String> pixels(byte[] bytes, long maxPixels) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return Optional.of("not an image format ImageIO can decode");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
          return Optional.of("image has zero size " + width + "x" + height);
        }
        if (width * height > maxPixels) {
          return Optional.of(
              String.format(
                  Locale.ROOT,
                  "too large: %dx%d is %d pixels, the limit is %d",
                  width,
                  height,
                  width * height,
                  maxPixels));
        }
        return Optional.empty();
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.of("corrupt image header (" + e.getMessage() + ")");
    }
  }
}

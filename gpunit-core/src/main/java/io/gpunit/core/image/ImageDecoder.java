package io.gpunit.core.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes the first image of a stream with the header checked first: its size against {@link
 * DecodeOptions#maxPixels()} before any pixel is allocated, and the decoder's warnings (a JPEG that
 * ends early is filled with grey and only warned about) against {@link
 * DecodeOptions#allowTruncated()}.
 */
final class ImageDecoder {

  private ImageDecoder() {}

  static BufferedImage decode(InputStream in, String source, DecodeOptions options) {
    try (ImageInputStream stream = ImageIO.createImageInputStream(in)) {
      Iterator<ImageReader> readers = stream == null ? null : ImageIO.getImageReaders(stream);
      if (readers == null || !readers.hasNext()) {
        throw new ImageReadException(
            source, "empty, or not in a format ImageIO can decode (" + readerFormats() + ")");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(stream, true, true);
        return read(reader, source, options);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new ImageReadException(
          source, "corrupt or truncated image data (" + e.getMessage() + ")", e);
    } catch (ImageReadException e) {
      throw e;
    } catch (RuntimeException e) {
      // Some ImageIO decoders fail on corrupt data with unchecked exceptions.
      throw new ImageReadException(source, "corrupt image data (" + e + ")", e);
    }
  }

  private static BufferedImage read(ImageReader reader, String source, DecodeOptions options)
      throws IOException {
    int width = reader.getWidth(0);
    int height = reader.getHeight(0);
    if (width <= 0 || height <= 0) {
      throw new ImageReadException(source, "image has zero size " + width + "x" + height);
    }
    options.checkSize(source, width, height);
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener(
        (IIOReadWarningListener) (r, warning) -> warnings.add(warning));
    BufferedImage image = reader.read(0);
    if (!warnings.isEmpty() && !options.allowTruncated()) {
      throw new TruncatedImageException(source, String.join("; ", warnings));
    }
    return image;
  }

  private static String readerFormats() {
    return String.join(", ", new TreeSet<>(Arrays.asList(ImageIO.getReaderFileSuffixes())));
  }
}

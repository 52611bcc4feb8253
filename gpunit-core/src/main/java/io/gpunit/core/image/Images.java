package io.gpunit.core.image;

import io.gpunit.core.io.AtomicFiles;
import com.google.common.base.Preconditions;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conversion between images and GP-UNIT tensors.
 *
 * <p>The tensor side is NCHW FLOAT in [-1, 1], the official normalisation {@code ToTensor()} then
 * {@code Normalize(0.5, 0.5)}: an 8-bit value {@code p} becomes {@code p / 127.5 - 1}. Any image
 * ImageIO decodes is accepted:
 *
 * <ul>
 *   <li>grayscale is replicated into three channels (sample values are used as they are, like PIL's
 *       {@code convert('RGB')}, not passed through Java's linear-gray colour conversion);
 *   <li>palette images are looked up in their palette;
 *   <li>16-bit (and other deeper) samples keep their precision: {@code v / (2^bits - 1) * 2 - 1};
 *   <li>alpha is handled by an {@link AlphaPolicy} (default: composite over white).
 * </ul>
 *
 * <p>Back to pixels, values are clamped to [-1, 1] and mapped with {@code round((x + 1) * 127.5)},
 * rounding half up. The official code writes {@code ((x + 1) * 127.5).astype(np.uint8)}, which
 * truncates: its images are darker by half a grey level on average, and an exact 1.0 still maps to
 * 255.
 */
public final class Images {

  private Images() {}

  // ---- decoding ---------------------------------------------------------------------------------

  /**
   * Decodes an image file with the {@link DecodeOptions#DEFAULT default limits}; any failure
   * becomes an {@link ImageReadException} naming the file.
   */
  public static BufferedImage readImage(Path file) {
    return readImage(file, DecodeOptions.DEFAULT);
  }

  /**
   * Decodes an image file; any failure becomes an {@link ImageReadException} naming the file.
   *
   * @throws ImageTooLargeException if its header declares more than {@code options.maxPixels()}
   */
  public static BufferedImage readImage(Path file, DecodeOptions options) {
    String name = file.toString();
    if (!Files.exists(file)) {
      throw new ImageReadException(name, "no such file");
    }
    if (Files.isDirectory(file)) {
      throw new ImageReadException(name, "it is a directory");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return readImage(in, name, options);
    } catch (NoSuchFileException e) {
      throw new ImageReadException(name, "no such file", e);
    } catch (AccessDeniedException e) {
      throw new ImageReadException(name, "permission denied", e);
    } catch (IOException e) {
      throw new ImageReadException(name, e.getMessage(), e);
    }
  }

  /**
   * Decodes an image from a stream (not closed here) with the {@link DecodeOptions#DEFAULT default
   * limits}.
   *
   * @param sourceName how the stream is named in error messages
   */
  public static BufferedImage readImage(InputStream in, String sourceName) {
    return readImage(in, sourceName, DecodeOptions.DEFAULT);
  }

  /**
   * Decodes an image from a stream (not closed here).
   *
   * @param sourceName how the stream is named in error messages
   */
  public static BufferedImage readImage(InputStream in, String sourceName, DecodeOptions options) {
    return ImageDecoder.decode(
        in instanceof BufferedInputStream ? in : new BufferedInputStream(in), sourceName, options);
  }

  /** Reads a file as a {@code [1,3,H,W]} tensor in [-1, 1], alpha composited over white. */
  public static INDArray read(Path file) {
    return read(file, AlphaPolicy.overWhite());
  }

  /** Reads a file as a {@code [1,3,H,W]} tensor in [-1, 1]. */
  public static INDArray read(Path file, AlphaPolicy alpha) {
    return toTensor(readImage(file), alpha);
  }

  /** Reads a stream as a {@code [1,3,H,W]} tensor in [-1, 1], alpha composited over white. */
  public static INDArray read(InputStream in, String sourceName) {
    return toTensor(readImage(in, sourceName), AlphaPolicy.overWhite());
  }

  /** Reads same-sized files into one {@code [N,3,H,W]} batch. */
  public static INDArray readBatch(List<Path> files, AlphaPolicy alpha) {
    List<FloatImage> images = new ArrayList<>(files.size());
    for (Path file : files) {
      images.add(toFloatImage(readImage(file), alpha));
    }
    return FloatImage.stack(images);
  }

  /** Reads a file as a {@code [3,H,W]} float image in [-1, 1]. */
  public static FloatImage load(Path file, AlphaPolicy alpha) {
    return toFloatImage(readImage(file), alpha);
  }

  // ---- image -> tensor --------------------------------------------------------------------------

  /** A {@code [1,3,H,W]} tensor in [-1, 1], alpha composited over white. */
  public static INDArray toTensor(BufferedImage image) {
    return toTensor(image, AlphaPolicy.overWhite());
  }

  /** A {@code [1,3,H,W]} tensor in [-1, 1]. */
  public static INDArray toTensor(BufferedImage image, AlphaPolicy alpha) {
    return FloatImage.stack(List.of(toFloatImage(image, alpha)));
  }

  /** Same-sized images as one {@code [N,3,H,W]} tensor in [-1, 1]. */
  public static INDArray toBatch(List<BufferedImage> images, AlphaPolicy alpha) {
    Preconditions.checkArgument(!images.isEmpty(), "cannot make a batch of zero images");
    List<FloatImage> converted = new ArrayList<>(images.size());
    for (BufferedImage image : images) {
      converted.add(toFloatImage(image, alpha));
    }
    return FloatImage.stack(converted);
  }

  /** Same-sized images as one {@code [N,3,H,W]} tensor in [-1, 1], alpha over white. */
  public static INDArray toBatch(List<BufferedImage> images) {
    return toBatch(images, AlphaPolicy.overWhite());
  }

  /** The image as a 3-channel float image in [-1, 1]. */
  public static FloatImage toFloatImage(BufferedImage image, AlphaPolicy alpha) {
    int w = image.getWidth();
    int h = image.getHeight();
    Preconditions.checkArgument(w > 0 && h > 0, "image has zero size %sx%s", w, h);
    float[] rgb = new float[3 * h * w];
    if (isDirectSrgb(image)) {
      readPackedRgb(image, alpha, rgb);
    } else {
      ColorModel cm = image.getColorModel();
      if (cm instanceof IndexColorModel || !isRgbOrGray(cm)) {
        readPackedRgb(image, alpha, rgb);
      } else {
        readSamples(image, alpha, rgb);
      }
    }
    return FloatImage.wrap(3, h, w, rgb);
  }

  /**
   * Types whose {@code getRGB} is exact 8-bit sRGB (no colour-space conversion, no rounding loss).
   */
  private static boolean isDirectSrgb(BufferedImage image) {
    switch (image.getType()) {
      case BufferedImage.TYPE_INT_RGB:
      case BufferedImage.TYPE_INT_ARGB:
      case BufferedImage.TYPE_INT_BGR:
      case BufferedImage.TYPE_3BYTE_BGR:
      case BufferedImage.TYPE_4BYTE_ABGR:
        return true;
      default:
        return false;
    }
  }

  private static boolean isRgbOrGray(ColorModel cm) {
    int type = cm.getColorSpace().getType();
    return (type == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3)
        || (type == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1);
  }

  /**
   * 8-bit sRGB through {@code getRGB}: exact for direct sRGB types and palettes; lossy fallback
   * else.
   */
  private static void readPackedRgb(BufferedImage image, AlphaPolicy alpha, float[] out) {
    int w = image.getWidth();
    int h = image.getHeight();
    int plane = w * h;
    int[] row = new int[w];
    boolean hasAlpha = image.getColorModel().hasAlpha();
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        float a = hasAlpha ? ((argb >>> 24) & 0xff) / 255f : 1f;
        int i = y * w + x;
        out[i] = toUnit(alpha.apply(((argb >> 16) & 0xff) / 255f, a, 0));
        out[plane + i] = toUnit(alpha.apply(((argb >> 8) & 0xff) / 255f, a, 1));
        out[2 * plane + i] = toUnit(alpha.apply((argb & 0xff) / 255f, a, 2));
      }
    }
  }

  /**
   * Raw raster samples of an RGB or gray image at full bit depth. Bands come in colour-component
   * order with alpha last, for both component and packed (direct) colour models.
   */
  private static void readSamples(BufferedImage image, AlphaPolicy alpha, float[] out) {
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    int w = image.getWidth();
    int h = image.getHeight();
    int plane = w * h;
    int colours = cm.getNumColorComponents();
    boolean hasAlpha = cm.hasAlpha();
    boolean premultiplied = cm.isAlphaPremultiplied();
    float[] max = new float[cm.getNumComponents()];
    for (int b = 0; b < max.length; b++) {
      max[b] = (float) ((1L << cm.getComponentSize(b)) - 1);
    }
    float[][] bands = new float[max.length][w];
    for (int y = 0; y < h; y++) {
      for (int b = 0; b < max.length; b++) {
        raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, b, bands[b]);
      }
      for (int x = 0; x < w; x++) {
        float a = hasAlpha ? bands[colours][x] / max[colours] : 1f;
        int i = y * w + x;
        for (int c = 0; c < 3; c++) {
          int band = colours == 1 ? 0 : c;
          float v = bands[band][x] / max[band];
          if (premultiplied) {
            v = a > 0f ? Math.min(1f, v / a) : 0f;
          }
          out[c * plane + i] = toUnit(alpha.apply(v, a, c));
        }
      }
    }
  }

  /** [0, 1] to the GP-UNIT range [-1, 1]. */
  private static float toUnit(float v) {
    return v * 2f - 1f;
  }

  // ---- tensor -> image --------------------------------------------------------------------------

  /**
   * A {@code [3,H,W]} or {@code [1,3,H,W]} tensor (or 1 channel, shown as gray) as an RGB image.
   */
  public static BufferedImage toImage(INDArray tensor) {
    INDArray chw = tensor;
    if (tensor.rank() == 4) {
      Preconditions.checkArgument(
          tensor.size(0) == 1,
          "toImage takes one image but got a batch of %s; use toImages for [N,C,H,W]",
          tensor.size(0));
      chw = tensor.slice(0);
    }
    Preconditions.checkArgument(
        chw.rank() == 3,
        "expected [C,H,W] or [1,C,H,W], got shape %s",
        Arrays.toString(tensor.shape()));
    return toImage(FloatImage.fromTensor(chw));
  }

  /** Each image of a {@code [N,3,H,W]} batch as an RGB image. */
  public static List<BufferedImage> toImages(INDArray batch) {
    Preconditions.checkArgument(
        batch.rank() == 4,
        "expected a batch [N,C,H,W], got shape %s",
        Arrays.toString(batch.shape()));
    List<BufferedImage> images = new ArrayList<>((int) batch.size(0));
    for (int n = 0; n < batch.size(0); n++) {
      images.add(toImage(FloatImage.fromTensor(batch.slice(n))));
    }
    return images;
  }

  /**
   * A 3-channel (RGB) or 1-channel (gray) float image in [-1, 1] as a {@code TYPE_INT_RGB} image.
   */
  public static BufferedImage toImage(FloatImage image) {
    int c = image.channels();
    Preconditions.checkArgument(
        c == 3 || c == 1, "an image needs 3 (RGB) or 1 (gray) channels, got %s", c);
    int w = image.width();
    int h = image.height();
    int plane = w * h;
    int gOffset = c == 3 ? plane : 0;
    int bOffset = c == 3 ? 2 * plane : 0;
    float[] d = image.data;
    int[] argb = new int[plane];
    for (int i = 0; i < plane; i++) {
      argb[i] = (toByte(d[i]) << 16) | (toByte(d[gOffset + i]) << 8) | toByte(d[bOffset + i]);
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, argb, 0, w);
    return out;
  }

  /** Clamp to [-1, 1], then {@code round((x + 1) * 127.5)} half up; NaN becomes 0. */
  static int toByte(float x) {
    if (Float.isNaN(x)) {
      return 0;
    }
    double clamped = Math.max(-1.0, Math.min(1.0, x));
    return (int) Math.floor((clamped + 1.0) * 127.5 + 0.5);
  }

  // ---- writing ----------------------------------------------------------------------------------

  /** Writes a PNG atomically: to a temporary file beside {@code file}, then renamed into place. */
  public static void writePng(BufferedImage image, Path file) {
    try {
      AtomicFiles.write(
          file,
          out -> {
            if (!ImageIO.write(image, "png", out)) {
              throw new IOException("no PNG writer for image type " + image.getType());
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a {@code [3,H,W]} or {@code [1,3,H,W]} tensor as a PNG, atomically. */
  public static void writePng(INDArray tensor, Path file) {
    writePng(toImage(tensor), file);
  }
}

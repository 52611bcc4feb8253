package io.gpunit.core.image;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One image as a plain {@code float} array in CHW order, the working format of the resize, crop and
 * augmentation code. It exists because those operations touch every pixel once with cheap
 * arithmetic: plain loops over one array are far faster than a chain of small ND4J ops per image,
 * and the result is copied into a batch {@link INDArray} exactly once.
 *
 * <p>Values are in the GP-UNIT range [-1, 1] when the image came from {@link Images}, but nothing
 * here depends on the range. Instances are immutable: every operation returns a new image.
 */
public final class FloatImage {

  private final int channels;
  private final int height;
  private final int width;
  final float[] data;

  private FloatImage(int channels, int height, int width, float[] data) {
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.data = data;
  }

  /** An image over a copy of {@code chw} (length {@code channels * height * width}). */
  public static FloatImage of(int channels, int height, int width, float[] chw) {
    checkShape(channels, height, width);
    Preconditions.checkArgument(
        chw.length == (long) channels * height * width,
        "CHW data has %s values, expected %s x %s x %s = %s",
        chw.length,
        channels,
        height,
        width,
        (long) channels * height * width);
    return new FloatImage(channels, height, width, chw.clone());
  }

  /** Takes ownership of {@code chw} without copying; for code in this package that built it. */
  static FloatImage wrap(int channels, int height, int width, float[] chw) {
    return new FloatImage(channels, height, width, chw);
  }

  /** An image filled with one value. */
  public static FloatImage filled(int channels, int height, int width, float value) {
    checkShape(channels, height, width);
    float[] data = new float[channels * height * width];
    Arrays.fill(data, value);
    return new FloatImage(channels, height, width, data);
  }

  /** Copies a {@code [C,H,W]} tensor (any data type) into a float image. */
  public static FloatImage fromTensor(INDArray chw) {
    Preconditions.checkArgument(
        chw.rank() == 3,
        "expected an image tensor [C,H,W], got shape %s",
        Arrays.toString(chw.shape()));
    int c = (int) chw.size(0);
    int h = (int) chw.size(1);
    int w = (int) chw.size(2);
    checkShape(c, h, w);
    float[] data = chw.castTo(DataType.FLOAT).dup('c').data().asFloat();
    return new FloatImage(c, h, w, data);
  }

  private static void checkShape(int channels, int height, int width) {
    Preconditions.checkArgument(
        channels > 0 && height > 0 && width > 0,
        "image dimensions must be positive, got channels=%s height=%s width=%s",
        channels,
        height,
        width);
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** The value at channel {@code c}, row {@code y}, column {@code x}. */
  public float get(int c, int y, int x) {
    return data[(c * height + y) * width + x];
  }

  /** A copy of the CHW values. */
  public float[] toArray() {
    return data.clone();
  }

  /** Copies the CHW values into {@code dst} starting at {@code offset} (one slot of a batch). */
  public void copyInto(float[] dst, int offset) {
    System.arraycopy(data, 0, dst, offset, data.length);
  }

  /** A new FLOAT tensor {@code [C,H,W]}. */
  public INDArray toTensor() {
    return Nd4j.create(data.clone(), new long[] {channels, height, width}, DataType.FLOAT);
  }

  /** Stacks same-shaped images into a FLOAT tensor {@code [N,C,H,W]}. */
  public static INDArray stack(List<FloatImage> images) {
    Preconditions.checkArgument(!images.isEmpty(), "cannot stack an empty list of images");
    FloatImage first = images.get(0);
    int size = first.data.length;
    float[] batch = new float[images.size() * size];
    for (int i = 0; i < images.size(); i++) {
      FloatImage image = images.get(i);
      Preconditions.checkArgument(
          image.channels == first.channels
              && image.height == first.height
              && image.width == first.width,
          "image %s is %sx%sx%s but image 0 is %sx%sx%s; a batch needs one shape",
          i,
          image.channels,
          image.height,
          image.width,
          first.channels,
          first.height,
          first.width);
      image.copyInto(batch, i * size);
    }
    return Nd4j.create(
        batch,
        new long[] {images.size(), first.channels, first.height, first.width},
        DataType.FLOAT);
  }

  /** The image mirrored left-right. */
  public FloatImage flipHorizontal() {
    float[] out = new float[data.length];
    for (int row = 0; row < channels * height; row++) {
      int base = row * width;
      for (int x = 0; x < width; x++) {
        out[base + x] = data[base + width - 1 - x];
      }
    }
    return new FloatImage(channels, height, width, out);
  }

  /**
   * The image under a (2r+1)×(2r+1) mean filter, per channel, with the edge pixels repeated beyond
   * the border: {@code out[c,y,x] = mean over |dy|,|dx| ≤ r of in[c, clamp(y+dy), clamp(x+dx)]}.
   * Radius 0 returns a copy. Separable: a horizontal then a vertical pass.
   */
  public FloatImage boxBlur(int radius) {
    Preconditions.checkArgument(radius >= 0, "blur radius must be >= 0, got %s", radius);
    float[] rows = new float[data.length];
    float[] out = new float[data.length];
    float norm = 1f / (2 * radius + 1);
    for (int c = 0; c < channels; c++) {
      int plane = c * height * width;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          float sum = 0;
          for (int d = -radius; d <= radius; d++) {
            sum += data[plane + y * width + clamp(x + d, width)];
          }
          rows[plane + y * width + x] = sum * norm;
        }
      }
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          float sum = 0;
          for (int d = -radius; d <= radius; d++) {
            sum += rows[plane + clamp(y + d, height) * width + x];
          }
          out[plane + y * width + x] = sum * norm;
        }
      }
    }
    return new FloatImage(channels, height, width, out);
  }

  private static int clamp(int i, int size) {
    return Math.max(0, Math.min(size - 1, i));
  }

  @Override
  public String toString() {
    return "FloatImage[" + channels + "x" + height + "x" + width + "]";
  }
}

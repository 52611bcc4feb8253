package io.gpunit.core.image;

import com.google.common.base.Preconditions;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Rectangular crops of images and image tensors ({@code [C,H,W]} or {@code [N,C,H,W]}). */
public final class Crop {

  private Crop() {}

  /** The {@code height x width} window whose top-left pixel is ({@code top}, {@code left}). */
  public static FloatImage window(FloatImage image, int top, int left, int height, int width) {
    Preconditions.checkArgument(
        height > 0 && width > 0, "crop size must be positive, got %sx%s", height, width);
    Preconditions.checkArgument(
        top >= 0 && left >= 0 && top + height <= image.height() && left + width <= image.width(),
        "crop %sx%s at (top=%s, left=%s) does not fit in a %sx%s image",
        height,
        width,
        top,
        left,
        image.height(),
        image.width());
    int c = image.channels();
    float[] out = new float[c * height * width];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < height; y++) {
        int src = (ch * image.height() + top + y) * image.width() + left;
        System.arraycopy(image.data, src, out, (ch * height + y) * width, width);
      }
    }
    return FloatImage.wrap(c, height, width, out);
  }

  /**
   * The centred {@code height x width} window. Offsets follow torchvision's {@code CenterCrop}:
   * {@code round((H - height) / 2)} with Python's round-half-to-even.
   */
  public static FloatImage center(FloatImage image, int height, int width) {
    return window(
        image,
        centerOffset(image.height(), height),
        centerOffset(image.width(), width),
        height,
        width);
  }

  static int centerOffset(int size, int crop) {
    return (int) Math.rint((size - crop) / 2.0);
  }

  /** {@link #center} on a {@code [C,H,W]} or {@code [N,C,H,W]} tensor. */
  public static INDArray center(INDArray tensor, int height, int width) {
    return Resize.mapImages(tensor, image -> center(image, height, width));
  }

  /** {@link #window} on a {@code [C,H,W]} or {@code [N,C,H,W]} tensor. */
  public static INDArray window(INDArray tensor, int top, int left, int height, int width) {
    return Resize.mapImages(tensor, image -> window(image, top, left, height, width));
  }
}

package io.gpunit.core.image;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Constant padding of images and image tensors. The fill is in tensor units: -1 is black and 1 is
 * white for images in [-1, 1].
 */
public final class Pad {

  private Pad() {}

  /**
   * Centres the image on a {@code height x width} canvas of {@code fill}. An odd remainder goes to
   * the bottom and right, as in torchvision's {@code CenterCrop} when it pads.
   */
  public static FloatImage centered(FloatImage image, int height, int width, float fill) {
    Preconditions.checkArgument(
        height >= image.height() && width >= image.width(),
        "cannot pad a %sx%s image to the smaller %sx%s",
        image.height(),
        image.width(),
        height,
        width);
    int top = (height - image.height()) / 2;
    int left = (width - image.width()) / 2;
    int c = image.channels();
    float[] out = new float[c * height * width];
    Arrays.fill(out, fill);
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < image.height(); y++) {
        System.arraycopy(
            image.data,
            (ch * image.height() + y) * image.width(),
            out,
            (ch * height + top + y) * width + left,
            image.width());
      }
    }
    return FloatImage.wrap(c, height, width, out);
  }

  /** Pads the shorter side so the image becomes square, keeping it centred. */
  public static FloatImage toSquare(FloatImage image, float fill) {
    int side = Math.max(image.height(), image.width());
    return centered(image, side, side, fill);
  }

  /** {@link #toSquare} on a {@code [C,H,W]} or {@code [N,C,H,W]} tensor. */
  public static INDArray toSquare(INDArray tensor, float fill) {
    return Resize.mapImages(tensor, image -> toSquare(image, fill));
  }
}

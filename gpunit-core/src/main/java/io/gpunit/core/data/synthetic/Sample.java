package io.gpunit.core.data.synthetic;

import io.gpunit.core.image.FloatImage;
import io.gpunit.core.image.Images;
import java.awt.image.BufferedImage;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One synthetic render: the image ({@code [3,H,W]} in [-1, 1]) and the object's binary instance
 * mask ({@code [1,H,W]} in {0, 1}).
 */
public record Sample(FloatImage image, FloatImage mask) {

  /** The image as a FLOAT tensor {@code [3,H,W]} in [-1, 1]. */
  public INDArray imageTensor() {
    return image.toTensor();
  }

  /** The mask as a FLOAT tensor {@code [1,H,W]} in {0, 1}. */
  public INDArray maskTensor() {
    return mask.toTensor();
  }

  /** The image as an RGB picture. */
  public BufferedImage bufferedImage() {
    return Images.toImage(image);
  }

  /** Fraction of pixels covered by the object. */
  public double coverage() {
    float[] m = mask.toArray();
    double sum = 0;
    for (float v : m) {
      sum += v;
    }
    return sum / m.length;
  }
}

package io.gpunit.core.image;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How an image of any aspect ratio is brought to a target {@code height x width}. All three use
 * {@link Resize#bilinearAntialiased}, so shrinking a large photo does not alias.
 */
public enum ResizePolicy {
  /** Stretch to the target size, ignoring aspect ratio; what the official code does. */
  SQUASH {
    @Override
    public FloatImage apply(FloatImage image, int height, int width) {
      return Resize.bilinearAntialiased(image, height, width);
    }
  },
  /** Keep aspect ratio, scale until the target is covered, and cut the overhang off the centre. */
  CENTER_CROP {
    @Override
    public FloatImage apply(FloatImage image, int height, int width) {
      double scale = Math.max((double) height / image.height(), (double) width / image.width());
      int h = Math.max(height, (int) Math.round(image.height() * scale));
      int w = Math.max(width, (int) Math.round(image.width() * scale));
      return Crop.center(Resize.bilinearAntialiased(image, h, w), height, width);
    }
  },
  /** Keep aspect ratio, scale until the image fits, and pad the rest with black (-1). */
  PAD {
    @Override
    public FloatImage apply(FloatImage image, int height, int width) {
      double scale = Math.min((double) height / image.height(), (double) width / image.width());
      int h = Math.max(1, Math.min(height, (int) Math.round(image.height() * scale)));
      int w = Math.max(1, Math.min(width, (int) Math.round(image.width() * scale)));
      return Pad.centered(Resize.bilinearAntialiased(image, h, w), height, width, -1f);
    }
  };

  /** The image brought to {@code height x width}. */
  public abstract FloatImage apply(FloatImage image, int height, int width);

  /** The policy on a {@code [C,H,W]} or {@code [N,C,H,W]} tensor. */
  public INDArray apply(INDArray tensor, int height, int width) {
    return Resize.mapImages(tensor, image -> apply(image, height, width));
  }
}

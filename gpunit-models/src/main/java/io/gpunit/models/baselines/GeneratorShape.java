package io.gpunit.models.baselines;

import com.google.common.base.Preconditions;

/**
 * The sizes of a MUNIT / UNIT content encoder and decoder ({@code gen} in the official configs):
 * base width {@code dim} (64), {@code nDownsample} stride-2 convolutions (2) and {@code nRes}
 * residual blocks (4) on each side. The content code has {@code dim·2^nDownsample} channels at
 * {@code S/2^nDownsample}.
 */
public record GeneratorShape(int dim, int nDownsample, int nRes) {

  public GeneratorShape {
    Preconditions.checkArgument(dim > 0, "generator dim must be positive, got %s", dim);
    Preconditions.checkArgument(
        nDownsample >= 0, "generator nDownsample must be >= 0, got %s", nDownsample);
    Preconditions.checkArgument(nRes >= 0, "generator nRes must be >= 0, got %s", nRes);
  }

  /** The official {@code dim: 64, n_downsample: 2, n_res: 4}. */
  public static GeneratorShape official() {
    return new GeneratorShape(64, 2, 4);
  }

  /** Channels of the content code. */
  public int contentChannels() {
    return dim << nDownsample;
  }

  /** Side of the content code for images of side {@code imageSize}, which it must divide. */
  public int contentSize(int imageSize) {
    checkImageSize(imageSize);
    return imageSize >> nDownsample;
  }

  /**
   * Checks that {@code imageSize} can go through the encoder: divisible by 2^nDownsample, and large
   * enough for the reflection padding of the 7×7 input convolution (3 pixels) and of every 3×3
   * convolution on the code.
   */
  public void checkImageSize(int imageSize) {
    Preconditions.checkArgument(
        imageSize >= 4 && imageSize % (1 << nDownsample) == 0 && (imageSize >> nDownsample) >= 2,
        "image size %s does not fit a generator with %s downsamplings: it must be a multiple of %s,"
            + " at least 4, with a content code of at least 2x2",
        imageSize,
        nDownsample,
        1 << nDownsample);
  }
}

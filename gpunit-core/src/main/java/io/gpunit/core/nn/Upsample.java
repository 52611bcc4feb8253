package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Spatial resizing of NCHW tensors, as {@code nn.Upsample} / {@code F.interpolate}.
 *
 * <ul>
 *   <li>{@link #nearest(int)}: {@code y[n,c,i,j] = x[n,c,⌊i/s⌋,⌊j/s⌋]}.
 *   <li>{@link #bilinear(int, int)} to a fixed size with PyTorch's {@code align_corners=False}: the
 *       output pixel i samples the input at {@code (i + 0.5)·(H_in/H_out) − 0.5}, clamped at 0, and
 *       interpolates linearly between the two neighbouring pixels (per axis). This is TensorFlow's
 *       {@code half_pixel_centers=True}, which ND4J's {@code resize_bilinear} implements on NHWC.
 * </ul>
 */
public final class Upsample {

  private enum Kind {
    NEAREST,
    BILINEAR
  }

  private final Kind kind;
  private final int scale;
  private final int height;
  private final int width;

  private Upsample(Kind kind, int scale, int height, int width) {
    this.kind = kind;
    this.scale = scale;
    this.height = height;
    this.width = width;
  }

  /** Nearest-neighbour upsampling by an integer factor. */
  public static Upsample nearest(int scale) {
    Preconditions.checkArgument(scale > 0, "upsampling scale must be > 0, got %s", scale);
    return new Upsample(Kind.NEAREST, scale, 0, 0);
  }

  /** Bilinear resizing to {@code height × width} with {@code align_corners=False}. */
  public static Upsample bilinear(int height, int width) {
    Preconditions.checkArgument(
        height > 0 && width > 0, "bilinear target size must be positive, got %sx%s", height, width);
    return new Upsample(Kind.BILINEAR, 0, height, width);
  }

  public SDVariable apply(SDVariable x) {
    if (kind == Kind.NEAREST) {
      return x.getSameDiff().cnn().upsampling2d(x, scale, scale, true);
    }
    SDVariable nhwc = x.permute(0, 2, 3, 1);
    SDVariable resized = x.getSameDiff().image().resizeBiLinear(nhwc, height, width, false, true);
    return resized.permute(0, 3, 1, 2);
  }

  /** Same as {@link #apply(SDVariable)}; the layer has no parameters. */
  public SDVariable apply(Scope scope, SDVariable x) {
    return apply(x);
  }
}

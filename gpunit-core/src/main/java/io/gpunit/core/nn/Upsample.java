package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Spatial resizing of NCHW tensors (nearest also of NHWC ones, through {@link #apply(Scope,
 * SDVariable)}), as {@code nn.Upsample} / {@code F.interpolate}.
 *
 * <ul>
 *   <li>{@link #nearest(int)}: {@code y[n,c,i,j] = x[n,c,⌊i/s⌋,⌊j/s⌋]}.
 *   <li>{@link #bilinear(int, int)} to a fixed size with PyTorch's {@code align_corners=False}: the
 *       output pixel i samples the input at {@code (i + 0.5)·(H_in/H_out) − 0.5}, clamped at 0, and
 *       interpolates linearly between the two neighbouring pixels (per axis). Being separable, it
 *       is {@code y = A_H · x · A_Wᵀ} per plane, with A the interpolation matrices [out, in].
 * </ul>
 *
 * <p>Bilinear resizing is two matrix products rather than ND4J's {@code resize_bilinear}: in
 * 1.0.0-M2.1 a graph containing that op cannot be differentiated at all (cloning it for the
 * gradient function fails). The matrices need the input's H and W when the graph is built, so the
 * input must have static C, H, W (e.g. a placeholder declared with its size; N may be -1).
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

  /** The resized NCHW tensor {@code x}. */
  public SDVariable apply(SDVariable x) {
    if (kind == Kind.NEAREST) {
      return x.getSameDiff().cnn().upsampling2d(x, scale, scale, true);
    }
    long[] shape = x.getShape();
    Preconditions.checkArgument(
        shape != null && shape.length == 4 && shape[1] > 0 && shape[2] > 0 && shape[3] > 0,
        "bilinear resize of '%s' needs a static NCHW shape with known C, H and W, got %s",
        x.name(),
        shape == null ? "unknown" : java.util.Arrays.toString(shape));
    return apply(x, shape);
  }

  /**
   * {@link #apply(SDVariable)} for an {@code x} whose static shape the graph does not know (an op's
   * output) but the caller does: {@code shape} is its NCHW shape (N may be -1).
   */
  public SDVariable apply(SDVariable x, long[] shape) {
    if (kind == Kind.NEAREST) {
      return apply(x);
    }
    Preconditions.checkArgument(
        shape.length == 4 && shape[1] > 0 && shape[2] > 0 && shape[3] > 0,
        "bilinear resize of '%s' needs an NCHW shape with known C, H and W, got %s",
        x.name(),
        java.util.Arrays.toString(shape));
    SameDiff sd = x.getSameDiff();
    long inH = shape[2];
    long inW = shape[3];
    SDVariable alongW = sd.constant(interpolation(width, inW).transpose().castTo(x.dataType()));
    SDVariable alongH = sd.constant(interpolation(height, inH).transpose().castTo(x.dataType()));
    // [N, C, H, W] · A_Wᵀ → [N, C, H, W'], then the same along H with H moved last.
    SDVariable rows = x.reshape(-1, inW).mmul(alongW).reshape(-1, shape[1], inH, width);
    SDVariable cols = rows.permute(0, 1, 3, 2).reshape(-1, inH).mmul(alongH);
    return cols.reshape(-1, shape[1], width, height).permute(0, 1, 3, 2);
  }

  /** The [out, in] matrix of 1-D linear interpolation at half-pixel centres (PyTorch's weights). */
  private static INDArray interpolation(long out, long in) {
    double[][] a = new double[(int) out][(int) in];
    double scale = (double) in / out;
    for (int i = 0; i < out; i++) {
      double source = Math.max((i + 0.5) * scale - 0.5, 0);
      int lower = (int) source;
      int upper = Math.min(lower + 1, (int) in - 1);
      double frac = source - lower;
      a[i][lower] += 1 - frac;
      a[i][upper] += frac;
    }
    return Nd4j.createFromArray(a);
  }

  /**
   * The resized tensor {@code x} of the scope's {@link Layout} (bilinear: NCHW only); the layer has
   * no parameters.
   */
  public SDVariable apply(Scope scope, SDVariable x) {
    if (kind == Kind.NEAREST && scope.layout() == Layout.NHWC) {
      return nearestNhwc(x);
    }
    // Bilinear resizing needs the static NCHW shape; gpunit resizes images, before any layout.
    scope.requireNchw("bilinear resizing");
    return apply(x);
  }

  /**
   * Nearest upsampling of NHWC {@code x} as two concatenations: s copies of [N·H, 1, W, C] along
   * the last axis repeat each pixel s times along W, s copies of that along axis 1 each row. M2.1's
   * NHWC {@code upsampling2d} took 86.9 ms at [1, 256, 256, 64] (NCHW: 15.7 ms), the two
   * concatenations 4.4 ms (one op at a time, two cores).
   */
  private SDVariable nearestNhwc(SDVariable x) {
    SameDiff sd = x.getSameDiff();
    SDVariable shape = x.shape();
    SDVariable rowsShape =
        sd.concat(0, sd.constant(Nd4j.createFromArray(-1L, 1L)), shape.get(SDIndex.interval(2, 4)));
    SDVariable[] rows = new SDVariable[scale];
    Arrays.fill(rows, x.reshape(rowsShape));
    SDVariable[] wide = new SDVariable[scale];
    Arrays.fill(wide, sd.concat(3, rows));
    SDVariable grown = sd.constant(Nd4j.createFromArray(1L, scale, scale, 1L));
    return sd.concat(1, wide).reshape(shape.mul(grown));
  }
}

package io.gpunit.core.image;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Resampling of images and image tensors ({@code [C,H,W]} or {@code [N,C,H,W]}).
 *
 * <p>{@link #bilinear} is PyTorch's {@code F.interpolate(x, size, mode='bilinear',
 * align_corners=False)} without antialiasing, the resize inside GP-UNIT's content encoder: output
 * pixel {@code i} samples source coordinate {@code s = (i + 0.5) * in / out - 0.5}, clamped below
 * at 0, and mixes pixels {@code floor(s)} and {@code floor(s) + 1} (clamped to the last pixel) with
 * weights {@code 1 - frac(s)} and {@code frac(s)}. Shrinking by more than 2x this way aliases.
 *
 * <p>{@link #bilinearAntialiased} is the triangle filter widened by the shrink factor, i.e. PIL's
 * {@code BILINEAR} resize that the official data pipeline applies through {@code transforms.Resize}
 * (and {@code F.interpolate(..., antialias=True)}): each output pixel averages source pixels {@code
 * j} with weights {@code max(0, 1 - |j + 0.5 - (i + 0.5) * scale| / scale)}, normalised, for {@code
 * scale = max(1, in / out)}. When enlarging it equals {@link #bilinear}.
 *
 * <p>{@link #nearest} is PyTorch's legacy {@code mode='nearest'}: source index {@code floor(i * in
 * / out)}.
 */
public final class Resize {

  private Resize() {}

  /** PyTorch bilinear, {@code align_corners=False}, no antialiasing. */
  public static FloatImage bilinear(FloatImage image, int height, int width) {
    return separable(image, height, width, false);
  }

  /** Bilinear with a triangle filter widened when shrinking (PIL / torchvision antialiasing). */
  public static FloatImage bilinearAntialiased(FloatImage image, int height, int width) {
    return separable(image, height, width, true);
  }

  /** PyTorch {@code mode='nearest'}: source index {@code floor(i * in / out)}. */
  public static FloatImage nearest(FloatImage image, int height, int width) {
    checkSize(height, width);
    int c = image.channels();
    int inH = image.height();
    int inW = image.width();
    int[] xs = new int[width];
    for (int x = 0; x < width; x++) {
      xs[x] = nearestIndex(x, inW, width);
    }
    float[] out = new float[c * height * width];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < height; y++) {
        int srcRow = (ch * inH + nearestIndex(y, inH, height)) * inW;
        int dstRow = (ch * height + y) * width;
        for (int x = 0; x < width; x++) {
          out[dstRow + x] = image.data[srcRow + xs[x]];
        }
      }
    }
    return FloatImage.wrap(c, height, width, out);
  }

  private static int nearestIndex(int dst, int in, int out) {
    return Math.min((int) Math.floor(dst * ((double) in / out)), in - 1);
  }

  /** {@link #bilinear} on a {@code [C,H,W]} or {@code [N,C,H,W]} tensor. */
  public static INDArray bilinear(INDArray tensor, int height, int width) {
    return separable(tensor, height, width, false);
  }

  /** {@link #bilinearAntialiased} on a {@code [C,H,W]} or {@code [N,C,H,W]} tensor. */
  public static INDArray bilinearAntialiased(INDArray tensor, int height, int width) {
    return separable(tensor, height, width, true);
  }

  /** {@link #nearest} on a {@code [C,H,W]} or {@code [N,C,H,W]} tensor. */
  public static INDArray nearest(INDArray tensor, int height, int width) {
    return mapImages(tensor, image -> nearest(image, height, width));
  }

  /** Applies a per-image operation to a {@code [C,H,W]} tensor or to each image of a batch. */
  static INDArray mapImages(INDArray tensor, UnaryOperator<FloatImage> op) {
    if (tensor.rank() == 3) {
      return op.apply(FloatImage.fromTensor(tensor)).toTensor();
    }
    Preconditions.checkArgument(
        tensor.rank() == 4,
        "expected an image [C,H,W] or a batch [N,C,H,W], got shape %s",
        Arrays.toString(tensor.shape()));
    List<FloatImage> out = new ArrayList<>((int) tensor.size(0));
    for (int n = 0; n < tensor.size(0); n++) {
      out.add(op.apply(FloatImage.fromTensor(tensor.slice(n))));
    }
    return FloatImage.stack(out);
  }

  private static void checkSize(int height, int width) {
    Preconditions.checkArgument(
        height > 0 && width > 0, "target size must be positive, got %sx%s", height, width);
  }

  private static FloatImage separable(FloatImage image, int height, int width, boolean antialias) {
    checkSize(height, width);
    float[] out =
        planes(
            image.data, image.channels(), image.height(), image.width(), height, width, antialias);
    return FloatImage.wrap(image.channels(), height, width, out);
  }

  /**
   * {@link #separable} on every image of a {@code [C,H,W]} or {@code [N,C,H,W]} tensor at once: one
   * copy in and one out, the planes shared between threads (a content encoder's 64² → 256²
   * upsampling of a training batch took 5% of a demo step image by image).
   */
  private static INDArray separable(INDArray tensor, int height, int width, boolean antialias) {
    checkSize(height, width);
    Preconditions.checkArgument(
        tensor.rank() == 3 || tensor.rank() == 4,
        "expected an image [C,H,W] or a batch [N,C,H,W], got shape %s",
        Arrays.toString(tensor.shape()));
    long[] shape = tensor.shape();
    int r = shape.length;
    int inH = Math.toIntExact(shape[r - 2]);
    int inW = Math.toIntExact(shape[r - 1]);
    int planes = Math.toIntExact(tensor.length() / ((long) inH * inW));
    INDArray source = tensor.castTo(DataType.FLOAT);
    if (source.isView() || source.ordering() != 'c' || source.length() != source.data().length()) {
      source = source.dup('c');
    }
    float[] out = planes(source.data().asFloat(), planes, inH, inW, height, width, antialias);
    long[] outShape = shape.clone();
    outShape[r - 2] = height;
    outShape[r - 1] = width;
    // One bulk copy: Nd4j.create(float[], ...) puts the values one at a time (2-3x as long).
    INDArray result = Nd4j.createUninitialized(DataType.FLOAT, outShape);
    result.data().asNioFloat().put(out);
    return result;
  }

  /** Resizes {@code planes} consecutive {@code inH × inW} planes of {@code in}. */
  private static float[] planes(
      float[] in, int planes, int inH, int inW, int height, int width, boolean antialias) {
    Taps rows = Taps.of(inH, height, antialias);
    Taps cols = Taps.of(inW, width, antialias);
    float[] out = new float[planes * height * width];
    IntStream.range(0, planes)
        .parallel()
        .forEach(
            p -> {
              // Horizontal pass first: [inH, width], then vertical: [height, width].
              float[] tmp = new float[inH * width];
              for (int y = 0; y < inH; y++) {
                int src = (p * inH + y) * inW;
                for (int x = 0; x < width; x++) {
                  tmp[y * width + x] = cols.apply(in, src, x);
                }
              }
              // Row by row, each tap's source row at once (what the JIT vectorises): per pixel
              // the same sums in the same order as Taps.apply would give.
              for (int y = 0; y < height; y++) {
                int dst = (p * height + y) * width;
                float[] w = rows.weights[y];
                Arrays.fill(out, dst, dst + width, 0f);
                for (int k = 0; k < w.length; k++) {
                  int src = (rows.first[y] + k) * width;
                  float wk = w[k];
                  for (int x = 0; x < width; x++) {
                    out[dst + x] += wk * tmp[src + x];
                  }
                }
              }
            });
    return out;
  }

  /** Per output index: the first source index and the normalised weights of a 1-D filter. */
  private static final class Taps {
    final int[] first;
    final float[][] weights;

    private Taps(int[] first, float[][] weights) {
      this.first = first;
      this.weights = weights;
    }

    static Taps of(int in, int out, boolean antialias) {
      double scale = (double) in / out;
      double support = antialias ? Math.max(1.0, scale) : 1.0;
      int[] first = new int[out];
      float[][] weights = new float[out][];
      for (int i = 0; i < out; i++) {
        double center = (i + 0.5) * scale;
        int lo = Math.max(0, (int) Math.floor(center - support));
        int hi = Math.min(in - 1, (int) Math.ceil(center + support));
        double[] w = new double[hi - lo + 1];
        double sum = 0;
        for (int j = lo; j <= hi; j++) {
          double t = 1.0 - Math.abs(j + 0.5 - center) / support;
          w[j - lo] = Math.max(0.0, t);
          sum += w[j - lo];
        }
        // Edge taps outside [0, in) are dropped and the rest renormalised, which is exactly
        // PyTorch's clamping of the source coordinate for the unwidened filter.
        // Taps of weight 0 (the unwidened filter's ends) are left out: they add nothing.
        int from = 0;
        int to = w.length;
        while (from < to - 1 && w[from] == 0) {
          from++;
        }
        while (to > from + 1 && w[to - 1] == 0) {
          to--;
        }
        weights[i] = new float[to - from];
        for (int k = from; k < to; k++) {
          weights[i][k - from] = (float) (w[k] / sum);
        }
        first[i] = lo + from;
      }
      return new Taps(first, weights);
    }

    /** Output {@code i} of the contiguous row of {@code data} that starts at {@code base}. */
    float apply(float[] data, int base, int i) {
      float[] w = weights[i];
      int idx = base + first[i];
      float acc = 0f;
      for (int k = 0; k < w.length; k++) {
        acc += w[k] * data[idx + k];
      }
      return acc;
    }
  }
}

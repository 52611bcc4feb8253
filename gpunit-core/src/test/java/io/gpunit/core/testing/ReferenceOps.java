package io.gpunit.core.testing;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Plain-loop reference implementations of layer arithmetic, written from the definitions (PyTorch
 * docs) and independent of the SameDiff ops the layers use. Slow; for tiny test tensors only.
 */
public final class ReferenceOps {

  private ReferenceOps() {}

  /** A DOUBLE array of the shape filled with uniform values on [-1, 1) from the seed. */
  public static INDArray random(long seed, long... shape) {
    java.util.Random random = new java.util.Random(seed);
    double[] values = new double[Math.toIntExact(length(shape))];
    for (int i = 0; i < values.length; i++) {
      values[i] = 2 * random.nextDouble() - 1;
    }
    return Nd4j.create(values, shape, DataType.DOUBLE);
  }

  /**
   * Cross-correlation of an already padded NCHW {@code x} with {@code w} [out, in, k, k] (bias may be
   * null): {@code y[n,o,i,j] = b[o] + Σ x[n,c,s·i+d·p,s·j+d·q]·w[o,c,p,q]}.
   */
  public static INDArray conv2d(INDArray x, INDArray w, INDArray b, int stride, int dilation) {
    long n = x.size(0);
    long c = x.size(1);
    long h = x.size(2);
    long wd = x.size(3);
    long o = w.size(0);
    long k = w.size(2);
    long oh = (h - dilation * (k - 1) - 1) / stride + 1;
    long ow = (wd - dilation * (k - 1) - 1) / stride + 1;
    INDArray y = Nd4j.zeros(DataType.DOUBLE, n, o, oh, ow);
    for (long in = 0; in < n; in++) {
      for (long io = 0; io < o; io++) {
        for (long i = 0; i < oh; i++) {
          for (long j = 0; j < ow; j++) {
            double sum = b == null ? 0 : b.getDouble(io);
            for (long ic = 0; ic < c; ic++) {
              for (long p = 0; p < k; p++) {
                for (long q = 0; q < k; q++) {
                  sum +=
                      x.getDouble(in, ic, stride * i + dilation * p, stride * j + dilation * q)
                          * w.getDouble(io, ic, p, q);
                }
              }
            }
            y.putScalar(new long[] {in, io, i, j}, sum);
          }
        }
      }
    }
    return y;
  }

  /** Zero padding of H and W by {@code p} on each side. */
  public static INDArray zeroPad(INDArray x, int p) {
    return pad(x, p, false);
  }

  /** Reflection padding (edge not repeated) of H and W by {@code p} on each side. */
  public static INDArray reflectPad(INDArray x, int p) {
    return pad(x, p, true);
  }

  private static INDArray pad(INDArray x, int p, boolean reflect) {
    long h = x.size(2);
    long w = x.size(3);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, x.size(0), x.size(1), h + 2 * p, w + 2 * p);
    for (long n = 0; n < x.size(0); n++) {
      for (long c = 0; c < x.size(1); c++) {
        for (long i = 0; i < h + 2 * p; i++) {
          for (long j = 0; j < w + 2 * p; j++) {
            long si = reflect ? mirror(i - p, h) : i - p;
            long sj = reflect ? mirror(j - p, w) : j - p;
            boolean inside = si >= 0 && si < h && sj >= 0 && sj < w;
            y.putScalar(new long[] {n, c, i, j}, inside ? x.getDouble(n, c, si, sj) : 0);
          }
        }
      }
    }
    return y;
  }

  private static long mirror(long i, long n) {
    if (i < 0) {
      return -i;
    }
    return i >= n ? 2 * (n - 1) - i : i;
  }

  /** Per-sample, per-channel {@code (x − mean) / sqrt(biasedVar + eps)} over H, W. */
  public static INDArray instanceNorm(INDArray x, double eps) {
    INDArray y = Nd4j.zeros(DataType.DOUBLE, x.shape());
    long h = x.size(2);
    long w = x.size(3);
    for (long n = 0; n < x.size(0); n++) {
      for (long c = 0; c < x.size(1); c++) {
        double mean = 0;
        for (long i = 0; i < h; i++) {
          for (long j = 0; j < w; j++) {
            mean += x.getDouble(n, c, i, j);
          }
        }
        mean /= h * w;
        double var = 0;
        for (long i = 0; i < h; i++) {
          for (long j = 0; j < w; j++) {
            double d = x.getDouble(n, c, i, j) - mean;
            var += d * d;
          }
        }
        var /= h * w;
        for (long i = 0; i < h; i++) {
          for (long j = 0; j < w; j++) {
            double v = (x.getDouble(n, c, i, j) - mean) / Math.sqrt(var + eps);
            y.putScalar(new long[] {n, c, i, j}, v);
          }
        }
      }
    }
    return y;
  }

  /** {@code y = x Wᵀ + b} for x [N, in], W [out, in], b [out] (may be null). */
  public static INDArray linear(INDArray x, INDArray w, INDArray b) {
    INDArray y = Nd4j.zeros(DataType.DOUBLE, x.size(0), w.size(0));
    for (long n = 0; n < x.size(0); n++) {
      for (long o = 0; o < w.size(0); o++) {
        double sum = b == null ? 0 : b.getDouble(o);
        for (long i = 0; i < x.size(1); i++) {
          sum += x.getDouble(n, i) * w.getDouble(o, i);
        }
        y.putScalar(new long[] {n, o}, sum);
      }
    }
    return y;
  }

  /** Nearest-neighbour ×s upsampling: {@code y[n,c,i,j] = x[n,c,i/s,j/s]}. */
  public static INDArray upsampleNearest(INDArray x, int s) {
    INDArray y = Nd4j.zeros(DataType.DOUBLE, x.size(0), x.size(1), x.size(2) * s, x.size(3) * s);
    for (long n = 0; n < y.size(0); n++) {
      for (long c = 0; c < y.size(1); c++) {
        for (long i = 0; i < y.size(2); i++) {
          for (long j = 0; j < y.size(3); j++) {
            y.putScalar(new long[] {n, c, i, j}, x.getDouble(n, c, i / s, j / s));
          }
        }
      }
    }
    return y;
  }

  /** Applies {@code f} to every element of a copy of {@code x}. */
  public static INDArray map(INDArray x, java.util.function.DoubleUnaryOperator f) {
    double[] values = x.dup().data().asDouble();
    for (int i = 0; i < values.length; i++) {
      values[i] = f.applyAsDouble(values[i]);
    }
    return Nd4j.create(values, x.shape(), DataType.DOUBLE);
  }

  public static double leakyRelu(double x, double slope) {
    return x >= 0 ? x : slope * x;
  }

  public static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** Multiplies channel c of NCHW {@code x} by {@code scale[n, c]} and adds {@code shift[n, c]}. */
  public static INDArray scaleShift(INDArray x, INDArray scale, INDArray shift) {
    INDArray y = x.dup();
    for (long n = 0; n < x.size(0); n++) {
      for (long c = 0; c < x.size(1); c++) {
        INDArray plane = y.get(
            org.nd4j.linalg.indexing.NDArrayIndex.point(n),
            org.nd4j.linalg.indexing.NDArrayIndex.point(c));
        plane.muli(scale.getDouble(n, c)).addi(shift.getDouble(n, c));
      }
    }
    return y;
  }

  private static long length(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}

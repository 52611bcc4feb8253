package io.gpunit.core.memory;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The steps an {@link OpSchedule} runs otherwise than with M2.1's own op (its {@link
 * OpSchedule.Kind}s): the same values from views or other kernels, where M2.1's op copies, is slow
 * or computes what nothing reads. Output arrays come from the schedule's {@link BufferPool}.
 */
final class StepKernels {

  /** Runs of at least this many values M2.1's {@code concat} copies faster than slice copies. */
  static final long LONG_RUN = 8;

  /** The op {@link OpSchedule.Kind#CONV_INPUT_GRADIENT} runs, with the conv2d_bp's arguments. */
  private static final DynamicCustomOp DECONV2D = DynamicCustomOp.builder("deconv2d").build();

  /** Convolutions that computed only their input gradient, in this JVM (for tests). */
  static final AtomicLong INPUT_GRADIENTS = new AtomicLong();

  /** LeakyReLU gradients computed by {@link #leakyReluGradient}, in this JVM (for tests). */
  static final AtomicLong LEAKY_RELU_GRADIENTS = new AtomicLong();

  /** Means {@link #axisMean} computed by pooling, in this JVM (for tests). */
  static final AtomicLong AXIS_MEANS = new AtomicLong();

  /** The fewest values along the last axis for which {@link #axisMean} pools. */
  static final long POOLED_CHANNELS = 16;

  /** Concatenations {@link #concat} copied slice by slice, in this JVM (for tests). */
  static final AtomicLong CONCATENATIONS = new AtomicLong();

  /** Concatenations {@link #concat} ran as rows, in this JVM (for tests). */
  static final AtomicLong ROW_CONCATENATIONS = new AtomicLong();

  private final BufferPool pool;

  StepKernels(BufferPool pool) {
    this.pool = pool;
  }

  /** {@code permute(x, dims)} as a view. */
  static INDArray permute(INDArray x, long[] dims) {
    return x.permute(Arrays.stream(dims).mapToInt(Math::toIntExact).toArray());
  }

  /**
   * {@code reshape} (C order) of {@code args[0]} (more than one element) to the shape in {@code
   * args[1]} or after the order flag in {@code iArgs}: a view, or a copy added to {@code dying}.
   */
  static INDArray reshape(INDArray[] args, long[] iArgs, List<INDArray> dying) {
    INDArray x = args[0];
    long[] shape =
        args.length == 2 ? args[1].toLongVector() : Arrays.copyOfRange(iArgs, 1, iArgs.length);
    INDArray y = x.reshape('c', shape);
    if (y.data() != x.data()) {
      dying.add(y);
    }
    return y;
  }

  /** {@code max(x, α·x)}, both ops writing into the one output array (element-wise). */
  INDArray leakyRelu(INDArray x, double alpha) {
    INDArray y = pool.allocate(x.shapeDescriptor());
    Nd4j.exec(new ScalarMultiplication(x, null, y, alpha));
    Nd4j.exec(new Max(x, y, y));
    return y;
  }

  /**
   * Whether {@link #leakyReluGradient} gives M2.1's {@code lrelu_bp} values for {@code x}: float32
   * (in float64 the two kernels round α differently), and no NaN (where M2.1's op passes the
   * gradient and the derivative is α). A NaN makes the sum NaN (so do +∞ and −∞ together, and then
   * M2.1's op runs, also right); the sum costs a quarter of {@code isNan} matching (0.55 against
   * 2.3 ms at [4, 32, 64, 64]).
   */
  static boolean leakyReluGradientMatches(INDArray x, INDArray gradOut) {
    return x.dataType() == DataType.FLOAT
        && gradOut.dataType() == DataType.FLOAT
        && !Double.isNaN(x.sumNumber().doubleValue());
  }

  /** {@code lrelu_bp(x, ∂L/∂y)}: LeakyReLU's derivative at x (1 or α), times ∂L/∂y, in place. */
  INDArray leakyReluGradient(INDArray x, INDArray gradOut, double alpha) {
    INDArray gradIn = pool.allocate(x.shapeDescriptor());
    Nd4j.exec(new LeakyReLUDerivative(x, gradIn, alpha));
    Nd4j.exec(new MulOp(gradOut, gradIn, gradIn));
    LEAKY_RELU_GRADIENTS.incrementAndGet();
    return gradIn;
  }

  /**
   * Whether {@code deconv2d(∂L/∂y, w)} gives the input gradient of {@code conv2d_bp(x, w, [b,]
   * ∂L/∂y)} ({@code args}): float32 arrays, and a transposed convolution whose output has x's size
   * (a strided convolution that skipped x's last rows or columns has not).
   */
  static boolean deconvolves(DynamicCustomOp conv, INDArray[] args) {
    long[] i = conv.iArgs();
    INDArray x = args[0];
    INDArray w = args[1];
    INDArray gradOut = args[args.length - 1];
    return x.dataType() == DataType.FLOAT
        && w.dataType() == DataType.FLOAT
        && gradOut.dataType() == DataType.FLOAT
        && x.rank() == 4
        && transposedSize(gradOut.size(2), i[0] > 0 ? i[0] : w.size(0), i[2], i[4], i[6])
            == x.size(2)
        && transposedSize(gradOut.size(3), i[1] > 0 ? i[1] : w.size(1), i[3], i[5], i[7])
            == x.size(3);
  }

  /**
   * The input gradient of {@code conv2d_bp(x, w, [b,] ∂L/∂y)} ({@code args}) as {@code
   * deconv2d(∂L/∂y, w)} with the same arguments, where it {@link #deconvolves}.
   */
  INDArray convInputGradient(DynamicCustomOp conv, StepContext context, INDArray[] args) {
    INDArray x = args[0];
    INDArray gradIn = pool.allocate(LongShapeDescriptor.fromShape(x.shape(), DataType.FLOAT));
    context.set(new INDArray[] {args[args.length - 1], args[1]}, conv);
    context.oc.setOutputArray(0, gradIn);
    Nd4j.exec(DECONV2D, context.oc);
    INPUT_GRADIENTS.incrementAndGet();
    return gradIn;
  }

  /** How {@link #concat} copies a concatenation's parts. */
  enum Concatenation {
    /** Each part into its slice of the output: where some part's runs are short. */
    SLICES,
    /**
     * M2.1's {@code concat} of the parts and the output viewed as [outer, run] rows: where there
     * are fewer rows than the shortest run's values (an NHWC image's border rows of a batch).
     */
    ROWS,
    /** M2.1's {@code concat} as the graph holds it. */
    NATIVE
  }

  /**
   * How {@link #concat} copies {@code parts} along {@code axis} into an output of {@code type}.
   * Measured one op at a time (ms, M2.1 as the graph holds it → the chosen way): SLICES where some
   * part's contiguous runs are shorter than {@value #LONG_RUN} values (NCHW borders [4, 32, 66, 1 |
   * 64 | 1] 0.39 → 0.18); ROWS where the dimensions before the axis multiply to more than 1 but
   * fewer than the shortest run (NHWC borders [8, 1 | 256 | 1, 256, 8] 2.8–9.8 → 0.4–0.7, [8, 1 |
   * 128 | 1, 128, 8] 1.3–2.6 → 0.1–0.2); NATIVE otherwise, where M2.1 copies as fast or faster ([8,
   * 258, 1 | 256 | 1, 8] 0.6 against 0.8 as rows, [1, 1 | 256 | 1, 256, 64] 0.6 against 3.9), and
   * for parts that are not all of one rank and of the output's type, matching off the axis.
   */
  static Concatenation concatenation(INDArray[] parts, long axis, DataType type) {
    int rank = parts[0].rank();
    if (rank == 0 || axis < -rank || axis >= rank) {
      return Concatenation.NATIVE;
    }
    int a = (int) (axis < 0 ? axis + rank : axis);
    long shortestRun = Long.MAX_VALUE;
    boolean rowViews = true;
    for (INDArray p : parts) {
      if (p.rank() != rank || p.dataType() != type || p.isEmpty()) {
        return Concatenation.NATIVE;
      }
      for (int d = 0; d < rank; d++) {
        if (d != a && p.size(d) != parts[0].size(d)) {
          return Concatenation.NATIVE;
        }
      }
      long run = 1;
      for (int d = a; d < rank; d++) {
        run *= p.size(d);
      }
      shortestRun = Math.min(shortestRun, run);
      rowViews &= denseRowMajor(p);
    }
    if (shortestRun < LONG_RUN) {
      return Concatenation.SLICES;
    }
    long outer = rowsBefore(parts[0].shape(), a);
    return rowViews && outer > 1 && outer < shortestRun ? Concatenation.ROWS : Concatenation.NATIVE;
  }

  /** The number of [outer, run] rows of a C-order {@code shape} split before {@code axis}. */
  private static long rowsBefore(long[] shape, int axis) {
    long rows = 1;
    for (int d = 0; d < axis; d++) {
      rows *= shape[d];
    }
    return rows;
  }

  /**
   * Whether {@code p}'s values lie in C order without gaps, so that any C-order reshape is a view
   * (M2.1's {@code Shape.hasDefaultStridesForShape} says no for a fresh [8, 1, 256, 8], whose
   * size-1 axis has the stride of the next).
   */
  private static boolean denseRowMajor(INDArray p) {
    long expected = 1;
    for (int d = p.rank() - 1; d >= 0; d--) {
      if (p.size(d) != 1 && p.stride(d) != expected) {
        return false;
      }
      expected *= p.size(d);
    }
    return true;
  }

  /**
   * {@code concat(parts, axis)} as {@code how} says (not {@link Concatenation#NATIVE NATIVE}): the
   * same values as M2.1's op.
   */
  INDArray concat(Concatenation how, INDArray[] parts, long axis, DataType type) {
    int rank = parts[0].rank();
    int a = (int) (axis < 0 ? axis + rank : axis);
    long[] shape = parts[0].shape().clone(); // shape() is the array's own
    shape[a] = Arrays.stream(parts).mapToLong(p -> p.size(a)).sum();
    INDArray out = pool.allocate(LongShapeDescriptor.fromShape(shape, type));
    if (how == Concatenation.ROWS) {
      long outer = rowsBefore(shape, a);
      INDArray[] rows = new INDArray[parts.length];
      for (int i = 0; i < parts.length; i++) {
        rows[i] = parts[i].reshape('c', outer, parts[i].length() / outer);
      }
      Nd4j.exec(
          DynamicCustomOp.builder("concat")
              .addInputs(rows)
              .addOutputs(out.reshape('c', outer, out.length() / outer))
              .addIntegerArguments(1)
              .build());
      ROW_CONCATENATIONS.incrementAndGet();
      return out;
    }
    long[] strides = out.stride();
    long offset = 0;
    for (INDArray p : parts) {
      long[] sliceShape = shape.clone();
      sliceShape[a] = p.size(a);
      // The slice's element-wise stride, without which ND4J would take it for contiguous.
      long ews = Shape.elementWiseStride(sliceShape, strides, false);
      Nd4j.create(out.data(), sliceShape, strides, offset, ews, 'c').assign(p);
      offset += p.size(a) * strides[a];
    }
    CONCATENATIONS.incrementAndGet();
    return out;
  }

  /**
   * Whether {@link #axisMean} gives M2.1's {@code reduce_mean} of {@code x} over {@code axes}:
   * float32, rank 4, dense in C order, the one axis 1 or 2, and at least {@value #POOLED_CHANNELS}
   * values along the last (where bit equality was checked, and pooling vectorises).
   */
  static boolean poolsMean(INDArray x, int[] axes) {
    return x.dataType() == DataType.FLOAT
        && x.rank() == 4
        && axes.length == 1
        && (axes[0] == 1 || axes[0] == 2)
        && x.size(3) >= POOLED_CHANNELS
        && denseRowMajor(x);
  }

  /**
   * The mean of {@code x} ([N, A, B, C]) over {@code axis} 1 or 2, dimensions kept, as oneDNN's
   * average pooling of x read as NHWC with an [A, 1] or [1, B] window: M2.1's values bit for bit
   * (each output sums its window in order, as M2.1's reduction sums the axis).
   */
  INDArray axisMean(INDArray x, int axis) {
    long[] shape = x.shape().clone();
    int kH = axis == 1 ? Math.toIntExact(shape[1]) : 1;
    int kW = axis == 2 ? Math.toIntExact(shape[2]) : 1;
    shape[axis] = 1;
    INDArray mean = pool.allocate(LongShapeDescriptor.fromShape(shape, DataType.FLOAT));
    // kH, kW, sH, sW, pH, pW, dH, dW, same mode, divisor (0: the window), NHWC
    Nd4j.exec(
        DynamicCustomOp.builder("avgpool2d")
            .addInputs(x)
            .addOutputs(mean)
            .addIntegerArguments(kH, kW, kH, kW, 0, 0, 1, 1, 0, 0, 1)
            .build());
    AXIS_MEANS.incrementAndGet();
    return mean;
  }

  /** {@code deconv2d}'s output size along an axis of input size {@code n}. */
  private static long transposedSize(long n, long kernel, long stride, long pad, long dilation) {
    return stride * (n - 1) + (kernel - 1) * dilation + 1 - 2 * pad;
  }
}

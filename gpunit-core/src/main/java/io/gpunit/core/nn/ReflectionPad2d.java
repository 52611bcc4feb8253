package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * {@code nn.ReflectionPad2d(p)} on NCHW: pads H and W by {@code p} on each side with the mirror image
 * that excludes the edge, {@code y[i] = x[|i − p|]} near the start and {@code x[2(n−1) − (i − p)]}
 * near the end. Needs {@code p < H} and {@code p < W}, as PyTorch does.
 *
 * <p>Built from slices, reversals and a concatenation rather than ND4J's {@code pad(REFLECT)}, whose
 * gradient is wrong in 1.0.0-M2.1 (it disagrees with finite differences).
 */
public final class ReflectionPad2d {

  private final int padding;

  private ReflectionPad2d(int padding) {
    this.padding = padding;
  }

  public static ReflectionPad2d of(int padding) {
    Preconditions.checkArgument(padding >= 0, "reflection padding must be >= 0, got %s", padding);
    return new ReflectionPad2d(padding);
  }

  public int padding() {
    return padding;
  }

  public SDVariable apply(SDVariable x) {
    if (padding == 0) {
      return x;
    }
    return reflect(reflect(x, 2), 3);
  }

  /** {@code [x[p..1] reversed, x, x[n−2..n−1−p] reversed]} along {@code axis}. */
  private SDVariable reflect(SDVariable x, int axis) {
    SameDiff sd = x.getSameDiff();
    SDVariable head = slice(x, axis, 1, padding + 1);
    SDVariable tail = slice(x, axis, -padding - 1, -1);
    if (padding > 1) {
      // A one-pixel slice is its own reversal; skipping the op matters: reverse and its gradient
      // were ~40% of a GP-UNIT stage-1 training step (every 3x3 conv pads by 1).
      head = sd.reverse(head, axis);
      tail = sd.reverse(tail, axis);
    }
    return sd.concat(axis, head, x, tail);
  }

  /** {@code x[begin:end]} along {@code axis} of a rank-4 tensor (negative indices count from the end). */
  private static SDVariable slice(SDVariable x, int axis, long begin, long end) {
    long[] begins = new long[4];
    long[] ends = new long[4];
    long[] strides = {1, 1, 1, 1};
    begins[axis] = begin;
    ends[axis] = end;
    int fullDims = 0b1111 & ~(1 << axis);
    return x.getSameDiff().stridedSlice(x, begins, ends, strides, fullDims, fullDims, 0, 0, 0);
  }
}

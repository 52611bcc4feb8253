package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * {@code x[from:to]}: rows of a batch, for graphs that run several batches through one network
 * (real and fake images concatenated along dimension 0) and take their results apart again.
 */
public final class BatchRows {

  private BatchRows() {}

  /** Rows [{@code from}, {@code to}) of {@code x}, of rank {@code rank}, along dimension 0. */
  public static SDVariable rows(SDVariable x, int rank, long from, long to) {
    Preconditions.checkArgument(rank >= 1, "rank must be >= 1, got %s", rank);
    Preconditions.checkArgument(
        0 <= from && from < to, "rows [%s, %s) are not a non-empty range", from, to);
    long[] begin = new long[rank];
    long[] end = new long[rank];
    long[] strides = new long[rank];
    Arrays.fill(strides, 1);
    begin[0] = from;
    end[0] = to;
    // Begin and end masks on every other dimension: take them whole.
    int others = ((1 << rank) - 1) & ~1;
    return x.getSameDiff().stridedSlice(x, begin, end, strides, others, others, 0, 0, 0);
  }
}

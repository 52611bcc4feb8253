package io.gpunit.core.data;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch from each domain, {@code a} and {@code b}, both NCHW FLOAT {@code [N,3,S,S]} in [-1,
 * 1]. For paired sources, {@code a[i]} and {@code b[i]} correspond; for unpaired ones they do not.
 */
public record TwoDomainBatch(INDArray a, INDArray b) {

  public TwoDomainBatch {
    Preconditions.checkNotNull(a, "batch a");
    Preconditions.checkNotNull(b, "batch b");
    Preconditions.checkArgument(
        a.rank() == 4 && b.rank() == 4 && a.size(0) == b.size(0),
        "both batches must be [N,C,H,W] with the same N, got %s and %s",
        Arrays.toString(a.shape()),
        Arrays.toString(b.shape()));
  }

  public int size() {
    return (int) a.size(0);
  }
}

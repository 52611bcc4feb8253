package io.gpunit.models.gpunit.stage1;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One stage-1 batch of 3B images in the order (B unpaired, B pair sides a, the B matching sides b),
 * with masks in {0, 1} and class labels.
 *
 * @param images [3B, 3, S, S] in [-1, 1]
 * @param masks [3B, 1, S, S], 1 on the object
 * @param labels 3B class indices in [0, classes)
 */
public record PairBatch(INDArray images, INDArray masks, int[] labels) {
  public PairBatch {
    Preconditions.checkArgument(
        images.rank() == 4 && images.size(1) == 3 && images.size(0) % 3 == 0,
        "batch images must be [3B, 3, S, S], got %s",
        Arrays.toString(images.shape()));
    long n = images.size(0);
    Preconditions.checkArgument(
        Arrays.equals(masks.shape(), new long[] {n, 1, images.size(2), images.size(3)}),
        "batch masks must be [%s, 1, %s, %s], got %s",
        n,
        images.size(2),
        images.size(3),
        Arrays.toString(masks.shape()));
    Preconditions.checkArgument(
        labels.length == n, "batch has %s images but %s labels", n, labels.length);
    labels = labels.clone();
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  /** The labels one-hot, [3B, classes]. */
  INDArray oneHotLabels(int classes) {
    INDArray out = Nd4j.zeros(DataType.FLOAT, labels.length, classes);
    for (int i = 0; i < labels.length; i++) {
      Preconditions.checkArgument(
          labels[i] >= 0 && labels[i] < classes,
          "label %s of image %s is outside [0, %s)",
          labels[i],
          i,
          classes);
      out.putScalar(i, labels[i], 1f);
    }
    return out;
  }
}

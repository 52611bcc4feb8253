package io.gpunit.core.image;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Mirror images left to right, as the GP-UNIT training scripts flip their style exemplars. */
public final class Flip {

  private Flip() {}

  /** {@code x[:, :, :, ::-1]} of images [N, C, H, W], as a new FLOAT array. */
  public static INDArray horizontally(INDArray images) {
    long[] shape = images.shape();
    int w = (int) shape[3];
    float[] src = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] dst = new float[src.length];
    for (int row = 0; row < src.length / w; row++) {
      for (int x = 0; x < w; x++) {
        dst[row * w + x] = src[row * w + w - 1 - x];
      }
    }
    return Nd4j.create(dst, shape, 'c');
  }
}

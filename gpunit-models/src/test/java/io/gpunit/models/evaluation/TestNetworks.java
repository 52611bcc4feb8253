package io.gpunit.models.evaluation;

import io.gpunit.models.TranslationNetwork;
import io.gpunit.core.random.SplitMix64;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Translation networks with known behaviour, written for the evaluation tests. */
final class TestNetworks {

  private TestNetworks() {}

  /** Returns its input: no translation at all. */
  static TranslationNetwork identity(int size) {
    return new Fixed("identity", size, 0, (content, styles) -> content.dup());
  }

  /** Returns the ground-truth B render of each held-out content: a perfect translation. */
  static TranslationNetwork oracle(HeldOutSet heldOut) {
    int size = (int) heldOut.content().size(2);
    return new Fixed(
        "oracle",
        size,
        0,
        (content, styles) -> {
          INDArray out = Nd4j.create(DataType.FLOAT, content.shape());
          for (int row = 0; row < content.size(0); row++) {
            out.slice(row).assign(heldOut.targets().slice(indexOf(heldOut, content.slice(row))));
          }
          return out;
        });
  }

  /** Multimodal in name only: the same image whatever the content and style. */
  static TranslationNetwork constant(INDArray image) {
    int size = (int) image.size(1);
    return new Fixed(
        "constant",
        size,
        2,
        (content, styles) -> image.reshape(1, 3, size, size).repeat(0, content.size(0)));
  }

  /** Multimodal: shifts every channel of the content by the style code's first entry. */
  static TranslationNetwork styleShift(int size) {
    return new Fixed(
        "style-shift",
        size,
        2,
        (content, styles) -> {
          INDArray shift =
              styles.get(NDArrayIndex.all(), NDArrayIndex.point(0)).reshape(-1, 1, 1, 1);
          return content.add(shift.castTo(content.dataType()));
        });
  }

  private static long indexOf(HeldOutSet heldOut, INDArray image) {
    for (int i = 0; i < heldOut.size(); i++) {
      if (heldOut.content().slice(i).equals(image)) {
        return i;
      }
    }
    throw new IllegalArgumentException("the oracle only knows the held-out contents");
  }

  @FunctionalInterface
  private interface Body {
    INDArray apply(INDArray content, INDArray styles);
  }

  private static final class Fixed implements TranslationNetwork {
    private final String name;
    private final int size;
    private final int styleDim;
    private final Body body;

    Fixed(String name, int size, int styleDim, Body body) {
      this.name = name;
      this.size = size;
      this.styleDim = styleDim;
      this.body = body;
    }

    @Override
    public String architecture() {
      return name;
    }

    @Override
    public int imageSize() {
      return size;
    }

    @Override
    public int styleDim() {
      return styleDim;
    }

    @Override
    public INDArray translate(INDArray content, INDArray styleCodes) {
      return body.apply(content, styleCodes);
    }

    @Override
    public INDArray encodeStyle(INDArray images) {
      throw new UnsupportedOperationException("test network");
    }

    @Override
    public INDArray sampleStyles(int n, SplitMix64 random) {
      INDArray codes = Nd4j.create(DataType.FLOAT, n, styleDim);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < styleDim; j++) {
          codes.putScalar(i, j, random.nextGaussian() * 0.5);
        }
      }
      return codes;
    }

    @Override
    public void close() {}
  }
}

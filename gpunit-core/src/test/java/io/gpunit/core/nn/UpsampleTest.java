package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.testing.GradientCheck;
import io.gpunit.core.testing.ReferenceOps;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class UpsampleTest {

  private static INDArray run(Upsample up, INDArray input) {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, input.shape());
    return up.apply(x).eval(Map.of("x", input));
  }

  @Test
  void nearestRepeatsEachPixel() {
    INDArray input = ReferenceOps.random(1, 2, 3, 2, 3);
    INDArray actual = run(Upsample.nearest(2), input);
    assertThat(actual.shape()).containsExactly(2, 3, 4, 6);
    assertThat(actual).isEqualTo(ReferenceOps.upsampleNearest(input, 2));
  }

  @Test
  void bilinearUpsamplingMatchesPytorchAlignCornersFalse() {
    // F.interpolate([[1, 2], [3, 4]], size=4, mode='bilinear', align_corners=False), by hand:
    // source coordinates (i + 0.5)/2 − 0.5 = −0.25 (clamped to 0), 0.25, 0.75, 1.25 (→ 1).
    INDArray input = Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {1, 1, 2, 2});
    double[] expected = {
      1.00, 1.25, 1.75, 2.00,
      1.50, 1.75, 2.25, 2.50,
      2.50, 2.75, 3.25, 3.50,
      3.00, 3.25, 3.75, 4.00
    };
    INDArray actual = run(Upsample.bilinear(4, 4), input);
    assertThat(actual.shape()).containsExactly(1, 1, 4, 4);
    assertThat(actual.data().asDouble()).containsExactly(expected, Offset.offset(1e-12));
  }

  @Test
  void bilinearDownsamplingAveragesAtHalfPixelCentres() {
    // 4x4 → 2x2: source coordinates (i + 0.5)·2 − 0.5 = 0.5, 2.5, the mean of a 2x2 block.
    INDArray input = Nd4j.arange(16).castTo(DataType.DOUBLE).reshape(1, 1, 4, 4);
    INDArray actual = run(Upsample.bilinear(2, 2), input);
    assertThat(actual.data().asDouble())
        .containsExactly(new double[] {2.5, 4.5, 10.5, 12.5}, Offset.offset(1e-12));
  }

  @Test
  void bilinearResizesEachChannelOfNchwSeparately() {
    INDArray plane = Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {1, 1, 2, 2});
    INDArray input = Nd4j.concat(1, plane, plane.mul(10));
    INDArray actual = run(Upsample.bilinear(3, 5), input);
    assertThat(actual.shape()).containsExactly(1, 2, 3, 5);
    INDArray first = actual.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.point(0));
    INDArray second = actual.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.point(1));
    assertThat(second.equalsWithEps(first.mul(10), 1e-12)).isTrue();
  }

  @Test
  void nearestGradientMatchesFiniteDifferences() {
    checkGradient(Upsample.nearest(2));
  }

  @Test
  void bilinearGradientMatchesFiniteDifferences() {
    checkGradient(Upsample.bilinear(5, 3));
  }

  private static void checkGradient(Upsample up) {
    SameDiff sd = SameDiff.create();
    SDVariable y = up.apply(sd.var("x", ReferenceOps.random(5, 1, 2, 3, 4)));
    GradientCheck.of(sd).wrt("x").check(y.name()).assertBelow(1e-7);
  }

  @Test
  void bilinearAcceptsAnUnknownBatchSize() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 1, 2, 2);
    INDArray input = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, new long[] {2, 1, 2, 2});
    INDArray out = Upsample.bilinear(4, 4).apply(x).eval(Map.of("x", input));
    assertThat(out.shape()).containsExactly(2, 1, 4, 4);
    assertThat(out.getDouble(1, 0, 3, 3)).isEqualTo(8.0);
  }

  @Test
  void bilinearRejectsAnInputWithUnknownSpatialSize() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 1, 3, -1, -1);
    assertThatThrownBy(() -> Upsample.bilinear(4, 4).apply(x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("known C, H and W");
  }

  @Test
  void rejectsNonPositiveSizes() {
    assertThatThrownBy(() -> Upsample.bilinear(0, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x4");
  }
}

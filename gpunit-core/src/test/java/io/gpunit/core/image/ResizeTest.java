package io.gpunit.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ResizeTest {

  private static void assertPixels(FloatImage image, float[][] expected) {
    assertThat(image.height()).isEqualTo(expected.length);
    assertThat(image.width()).isEqualTo(expected[0].length);
    for (int y = 0; y < expected.length; y++) {
      for (int x = 0; x < expected[0].length; x++) {
        assertThat(image.get(0, y, x)).as("(%d,%d)", y, x).isEqualTo(expected[y][x], within(1e-6f));
      }
    }
  }

  @Test
  void bilinearUpsamplingMatchesHandComputedAlignCornersFalse() {
    // v(y, x) = 2y + x on 2x2. Sources for 4 outputs: -0.25 (clamped to 0), 0.25, 0.75, 1.25 (only
    // the last pixel), so each axis maps to [0, 0.25, 0.75, 1] and the result is 2Y + X.
    FloatImage in = FloatImage.of(1, 2, 2, new float[] {0, 1, 2, 3});

    FloatImage out = Resize.bilinear(in, 4, 4);

    assertPixels(
        out,
        new float[][] {
          {0f, 0.25f, 0.75f, 1f},
          {0.5f, 0.75f, 1.25f, 1.5f},
          {1.5f, 1.75f, 2.25f, 2.5f},
          {2f, 2.25f, 2.75f, 3f}
        });
  }

  @Test
  void bilinearDownsamplingTakesTwoTapsWithoutAntialiasing() {
    // 4 -> 2: sources 0.5 and 2.5, the midpoints of pixel pairs (0,1) and (2,3).
    FloatImage in = FloatImage.of(1, 1, 4, new float[] {0, 1, 4, 9});
    assertPixels(Resize.bilinear(in, 1, 2), new float[][] {{0.5f, 6.5f}});

    // 3 -> 2: scale 1.5, sources 0.25 and 1.75.
    FloatImage three = FloatImage.of(1, 1, 3, new float[] {0, 4, 8});
    assertPixels(Resize.bilinear(three, 1, 2), new float[][] {{1f, 7f}});
  }

  @Test
  void antialiasedDownsamplingWidensTheTriangleFilter() {
    // 4 -> 2, filter half-width 2. Output 0 is centred at 1: taps j=0,1,2 weigh .375,.375,.125
    // (j=-1 falls outside and the rest are renormalised). Output 1 is centred at 3: j=1,2,3 weigh
    // .25,.75,.75 (j=4 is outside).
    FloatImage in = FloatImage.of(1, 1, 4, new float[] {0, 1, 4, 9});

    FloatImage out = Resize.bilinearAntialiased(in, 1, 2);

    float first = (0 * .375f + 1 * .375f + 4 * .125f) / .875f;
    float second = (1 * .25f + 4 * .75f + 9 * .75f) / 1.75f;
    assertPixels(out, new float[][] {{first, second}});
  }

  @Test
  void antialiasedEqualsPlainBilinearWhenEnlarging() {
    FloatImage in = FloatImage.of(1, 2, 3, new float[] {0, 5, 1, 7, 2, 3});
    FloatImage plain = Resize.bilinear(in, 5, 7);
    FloatImage wide = Resize.bilinearAntialiased(in, 5, 7);
    assertThat(wide.toArray()).containsExactly(plain.toArray(), within(1e-6f));
  }

  @Test
  void nearestUsesFloorOfScaledIndex() {
    // 3 -> 5: floor(i * 0.6) = 0, 0, 1, 1, 2.
    FloatImage in = FloatImage.of(1, 1, 3, new float[] {10, 20, 30});
    assertPixels(Resize.nearest(in, 1, 5), new float[][] {{10, 10, 20, 20, 30}});
    // 4 -> 2: floor(i * 2) = 0, 2.
    FloatImage four = FloatImage.of(1, 1, 4, new float[] {1, 2, 3, 4});
    assertPixels(Resize.nearest(four, 1, 2), new float[][] {{1, 3}});
  }

  @Test
  void tensorResizeKeepsBatchAndChannelsSeparate() {
    // Constant planes with distinct values stay constant through any interpolation.
    INDArray batch = Nd4j.create(DataType.FLOAT, 2, 3, 4, 5);
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        batch.slice(n).slice(c).assign(10 * n + c);
      }
    }

    INDArray out = Resize.bilinear(batch, 7, 3);

    assertThat(out.shape()).containsExactly(2, 3, 7, 3);
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        assertThat(out.slice(n).slice(c).minNumber().floatValue())
            .isEqualTo(10f * n + c, within(1e-5f));
        assertThat(out.slice(n).slice(c).maxNumber().floatValue())
            .isEqualTo(10f * n + c, within(1e-5f));
      }
    }
  }

  @Test
  void tensorResizeEqualsImageByImageResizeOfAnyLayout() {
    // A permuted double tensor: the batch path must read through strides and cast as
    // FloatImage.fromTensor does, and give each image exactly the single-image result.
    INDArray batch = Nd4j.rand(DataType.DOUBLE, 6, 5, 3, 2).permute(3, 2, 1, 0);

    for (boolean antialias : new boolean[] {false, true}) {
      for (int[] size : new int[][] {{17, 9}, {2, 3}}) {
        INDArray out =
            antialias
                ? Resize.bilinearAntialiased(batch, size[0], size[1])
                : Resize.bilinear(batch, size[0], size[1]);
        assertThat(out.shape()).containsExactly(2, 3, size[0], size[1]);
        for (int n = 0; n < 2; n++) {
          FloatImage image = FloatImage.fromTensor(batch.slice(n));
          FloatImage expected =
              antialias
                  ? Resize.bilinearAntialiased(image, size[0], size[1])
                  : Resize.bilinear(image, size[0], size[1]);
          assertThat(out.slice(n).dup().data().asFloat())
              .containsExactly(expected.toTensor().data().asFloat());
        }
      }
    }
  }
}

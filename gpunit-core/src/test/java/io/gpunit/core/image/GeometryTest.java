package io.gpunit.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Crop, pad and the aspect-ratio policies. */
class GeometryTest {

  /** A 1-channel image whose pixel (y, x) holds 10y + x. */
  private static FloatImage indexImage(int h, int w) {
    float[] d = new float[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        d[y * w + x] = 10 * y + x;
      }
    }
    return FloatImage.of(1, h, w, d);
  }

  @Test
  void centerCropRoundsOffsetsHalfToEvenLikeTorchvision() {
    // (5 - 2) / 2 = 1.5 rounds to 2; (6 - 3) / 2 = 1.5 also rounds to 2; (7 - 2) / 2 = 2.5 -> 2.
    FloatImage five = Crop.center(indexImage(5, 7), 2, 2);
    assertThat(five.toArray()).containsExactly(22, 23, 32, 33);
    FloatImage six = Crop.center(indexImage(6, 6), 3, 3);
    assertThat(six.get(0, 0, 0)).isEqualTo(22f);
  }

  @Test
  void windowOutsideTheImageIsRejected() {
    assertThatThrownBy(() -> Crop.window(indexImage(4, 4), 2, 0, 3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit in a 4x4 image");
  }

  @Test
  void padToSquareCentresTheImage() {
    FloatImage padded = Pad.toSquare(indexImage(2, 4), -1f);
    assertThat(padded.toArray())
        .containsExactly(-1, -1, -1, -1, 0, 1, 2, 3, 10, 11, 12, 13, -1, -1, -1, -1);
  }

  @Test
  void flipMirrorsEachRow() {
    assertThat(indexImage(2, 3).flipHorizontal().toArray()).containsExactly(2, 1, 0, 12, 11, 10);
  }

  /** 2x4, every row [0, 1, 4, 9]. */
  private static FloatImage wideImage() {
    return FloatImage.of(1, 2, 4, new float[] {0, 1, 4, 9, 0, 1, 4, 9});
  }

  @Test
  void squashStretchesToTheTarget() {
    FloatImage out = ResizePolicy.SQUASH.apply(wideImage(), 2, 2);
    // Horizontal 4 -> 2 with the widened filter (hand computation in ResizeTest); rows untouched.
    float first = (1 * .375f + 4 * .125f) / .875f;
    float second = (1 * .25f + 4 * .75f + 9 * .75f) / 1.75f;
    assertThat(out.toArray())
        .containsExactly(new float[] {first, second, first, second}, within(1e-5f));
  }

  @Test
  void centerCropKeepsAspectAndCutsTheOverhang() {
    // Scale max(2/2, 2/4) = 1: no resampling, the middle two columns remain.
    FloatImage out = ResizePolicy.CENTER_CROP.apply(wideImage(), 2, 2);
    assertThat(out.toArray()).containsExactly(new float[] {1, 4, 1, 4}, within(1e-6f));
  }

  @Test
  void padKeepsAspectAndFillsWithBlack() {
    // Scale min(2/2, 2/4) = 0.5: 2x4 -> 1x2 (rows are equal, so only the columns mix), then pad.
    FloatImage out = ResizePolicy.PAD.apply(wideImage(), 2, 2);
    float first = (1 * .375f + 4 * .125f) / .875f;
    float second = (1 * .25f + 4 * .75f + 9 * .75f) / 1.75f;
    assertThat(out.toArray()).containsExactly(new float[] {first, second, -1, -1}, within(1e-5f));
  }
}

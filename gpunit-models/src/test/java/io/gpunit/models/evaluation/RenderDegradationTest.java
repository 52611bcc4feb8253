package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.image.FloatImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RenderDegradationTest {

  /** A hard vertical edge: -1 on the left half, +1 on the right, three channels of 16x16. */
  private static FloatImage edge() {
    float[] chw = new float[3 * 16 * 16];
    for (int i = 0; i < chw.length; i++) {
      chw[i] = (i % 16) < 8 ? -1 : 1;
    }
    return FloatImage.of(3, 16, 16, chw);
  }

  /** The mean step between columns 7 and 8, 2 on the clean edge. */
  private static double jump(FloatImage image) {
    float[] v = image.toArray();
    double sum = 0;
    for (int row = 0; row < 3 * 16; row++) {
      sum += v[row * 16 + 8] - v[row * 16 + 7];
    }
    return sum / (3 * 16);
  }

  @Test
  void cleanRendersOnlyKeepTheRenderAndDrawNothing() {
    Random random = new Random(7);
    FloatImage image = edge();
    RenderDegradation.Result result = RenderDegradation.none().apply(image, random);
    assertThat(result.image()).isSameAs(image);
    assertThat(result.recognisable()).isTrue();
    assertThat(random.nextLong()).isEqualTo(new Random(7).nextLong());
  }

  @Test
  void aSoftenedRenderKeepsItsClassAndABlobLosesIt() {
    // A 3x3 or 5x5 mean filter leaves a step of 2/3 or 2/5 across the edge; a 9x9 to 13x13 one
    // 2/9 to 2/13. Noise of sigma <= 0.1 averaged over 48 rows moves the mean step by < 0.1.
    RenderDegradation.Result soft = RenderDegradation.of(shares(1, 0)).apply(edge(), new Random(3));
    assertThat(soft.recognisable()).isTrue();
    assertThat(jump(soft.image())).isBetween(0.3, 0.8);
    RenderDegradation.Result blob = RenderDegradation.of(shares(0, 1)).apply(edge(), new Random(3));
    assertThat(blob.recognisable()).isFalse();
    assertThat(jump(blob.image())).isBetween(0.05, 0.33);
    for (float x : blob.image().toArray()) {
      assertThat(x).isBetween(-1f, 1f);
    }
  }

  @Test
  void sharesThatAreNegativeOrAddUpToMoreThanOneAreRefused() {
    assertThatThrownBy(() -> shares(0.9, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got soft 0.9 and blob 0.2");
    assertThatThrownBy(() -> shares(-0.1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static JudgeConfig shares(double soft, double blob) {
    return JudgeConfig.builder().degradation(soft).blobs(blob).build();
  }
}

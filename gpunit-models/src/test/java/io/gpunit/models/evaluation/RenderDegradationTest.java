package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.image.FloatImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RenderDegradationTest {

  /** A hard vertical edge: -1 on the left half, +1 on the right, three channels of 8x8. */
  private static FloatImage edge() {
    float[] chw = new float[3 * 8 * 8];
    for (int i = 0; i < chw.length; i++) {
      chw[i] = (i % 8) < 4 ? -1 : 1;
    }
    return FloatImage.of(3, 8, 8, chw);
  }

  @Test
  void probabilityZeroKeepsTheRenderAndDrawsNothing() {
    Random random = new Random(7);
    FloatImage image = edge();
    assertThat(new RenderDegradation(0).apply(image, random)).isSameAs(image);
    assertThat(random.nextLong()).isEqualTo(new Random(7).nextLong());
  }

  @Test
  void probabilityOneSoftensTheEdgeAndStaysInRange() {
    FloatImage image = edge();
    FloatImage degraded = new RenderDegradation(1).apply(image, new Random(3));
    float[] v = degraded.toArray();
    for (float x : v) {
      assertThat(x).isBetween(-1f, 1f);
    }
    // Across the edge (columns 3 and 4) the clean image jumps by 2; a blur of radius >= 1 halves
    // that jump at least, and noise of sigma <= 0.1 cannot restore it.
    double jump = 0;
    for (int row = 0; row < 3 * 8; row++) {
      jump += v[row * 8 + 4] - v[row * 8 + 3];
    }
    assertThat(jump / (3 * 8)).isLessThan(1.2);
  }

  @Test
  void aProbabilityOutsideTheUnitIntervalIsRefused() {
    assertThatThrownBy(() -> new RenderDegradation(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in [0, 1], got 1.5");
  }
}

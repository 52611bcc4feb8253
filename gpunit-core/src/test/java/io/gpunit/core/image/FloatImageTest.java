package io.gpunit.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FloatImageTest {

  @Test
  void boxBlurAveragesTheNeighbourhoodAndRepeatsTheEdges() {
    // One 3x3 channel: 1 2 3 / 4 5 6 / 7 8 9.
    FloatImage image = FloatImage.of(1, 3, 3, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    FloatImage blurred = image.boxBlur(1);
    // Centre: the mean of all nine values.
    assertThat(blurred.get(0, 1, 1)).isCloseTo(5f, within(1e-6f));
    // Corner (0,0): rows {0,0,1} x columns {0,0,1} -> (1+1+2 + 1+1+2 + 4+4+5) / 9 = 21/9.
    assertThat(blurred.get(0, 0, 0)).isCloseTo(21f / 9, within(1e-6f));
    // Edge (0,1): rows {0,0,1} x columns {0,1,2} -> (6 + 6 + 15) / 9 = 3.
    assertThat(blurred.get(0, 0, 1)).isCloseTo(3f, within(1e-6f));
  }

  @Test
  void boxBlurKeepsChannelsApartAndRadiusZeroIsTheIdentity() {
    float[] chw = {0, 0, 0, 0, 10, 10, 10, 10};
    FloatImage image = FloatImage.of(2, 2, 2, chw);
    FloatImage blurred = image.boxBlur(2);
    assertThat(blurred.toArray()).containsExactly(chw);
    FloatImage spike = FloatImage.of(1, 1, 3, new float[] {0, 3, 0});
    assertThat(spike.boxBlur(0).toArray()).containsExactly(0, 3, 0);
    assertThat(spike.boxBlur(1).toArray()).containsExactly(1, 1, 1);
  }

  @Test
  void boxBlurRejectsANegativeRadius() {
    assertThatThrownBy(() -> FloatImage.filled(1, 2, 2, 0).boxBlur(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("radius must be >= 0, got -1");
  }
}

package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.losses.perceptual.FeatureExtractor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ExtractorFeaturesTest {

  /** Taps: the image itself, and its square. */
  private static final FeatureExtractor TAPS =
      (scope, x) -> {
        Map<String, SDVariable> taps = new LinkedHashMap<>();
        taps.put("pixels", x);
        taps.put("squares", x.mul(x));
        return taps;
      };

  @Test
  void averagePoolsTheChosenTapOverSpace() {
    INDArray images = Nd4j.rand(2, 3, 4, 4).muli(2).subi(1);
    INDArray features = ExtractorFeatures.of(TAPS, "squares", 4).features(images);
    assertThat(features.shape()).containsExactly(2, 3);
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
          for (int j = 0; j < 4; j++) {
            double v = images.getDouble(n, c, i, j);
            sum += v * v;
          }
        }
        assertThat(features.getDouble(n, c)).isCloseTo(sum / 16, within(1e-6));
      }
    }
  }

  @Test
  void rejectsAnUnknownTapAndImagesOfAnotherSize() {
    assertThatThrownBy(() -> ExtractorFeatures.of(TAPS, "relu5_1", 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no tap 'relu5_1'")
        .hasMessageContaining("pixels");
    assertThatThrownBy(
            () -> ExtractorFeatures.of(TAPS, "pixels", 4).features(Nd4j.zeros(1, 3, 8, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[N,3,4,4]");
  }
}

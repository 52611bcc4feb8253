package io.gpunit.examples.reversal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.random.SplitMix64;
import org.junit.jupiter.api.Test;

class DomainImagesTest {

  @Test
  void centroidOfAMaskIsTheMeanPixelCentreMappedToMinusOneOne() {
    // 4x4 mask with pixels (x=2, y=0) and (x=3, y=1): centres (2.5, 0.5) and (3.5, 1.5),
    // mean (3, 1); u = 2·3/4 − 1 = 0.5, v = 2·1/4 − 1 = −0.5.
    float[] m = new float[16];
    m[2] = 1;
    m[4 + 3] = 1;
    double[] c = DomainImages.centroid(FloatImage.of(1, 4, 4, m));
    assertThat(c[0]).isCloseTo(0.5, within(1e-12));
    assertThat(c[1]).isCloseTo(-0.5, within(1e-12));
  }

  @Test
  void centroidOfAnEmptyMaskIsTheImageCentre() {
    assertThat(DomainImages.centroid(FloatImage.filled(1, 4, 4, 0f))).containsExactly(0, 0);
  }

  @Test
  void renderPutsDomainZeroFirstAndTargetsMatchEachMask() {
    SyntheticPrior prior = SyntheticPrior.builder().size(16).build();
    DomainImages batch =
        DomainImages.render(
            prior, SyntheticClass.CAT, SyntheticClass.DOG, 3, SplitMix64.derive(7, 1));
    assertThat(batch.size()).isEqualTo(6);
    assertThat(batch.images().shape()).containsExactly(6, 3, 16, 16);
    for (int i = 0; i < 6; i++) {
      assertThat(batch.domain(i)).isEqualTo(i < 3 ? 0 : 1);
      assertThat(batch.domains().getFloat(i, 0) + batch.domains().getFloat(i, 1)).isEqualTo(1f);
      assertThat(batch.centroids().getDouble(i, 0)).isBetween(-1.0, 1.0);
      assertThat(batch.centroids().getDouble(i, 1)).isBetween(-1.0, 1.0);
    }
    DomainImages again =
        DomainImages.render(
            prior, SyntheticClass.CAT, SyntheticClass.DOG, 3, SplitMix64.derive(7, 1));
    assertThat(again.images()).isEqualTo(batch.images());
    assertThat(again.centroids()).isEqualTo(batch.centroids());
  }

  @Test
  void rejectsTheSameClassForBothDomains() {
    SyntheticPrior prior = SyntheticPrior.builder().size(16).build();
    assertThatThrownBy(
            () ->
                DomainImages.render(
                    prior, SyntheticClass.CAT, SyntheticClass.CAT, 2, new SplitMix64(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CAT twice");
  }
}

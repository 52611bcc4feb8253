package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class DiversityTest {

  @Test
  void isTheMeanPairwiseDistanceOfUnitFeatures() {
    // one content, three outputs: unit vectors (1,0), (0,1), (−1,0) after normalisation;
    // pairwise distances √2, 2, √2.
    var features = Nd4j.createFromArray(new float[][][] {{{3, 0}, {0, 0.5f}, {-2, 0}}});
    assertThat(Diversity.of(features)).isCloseTo((2 * Math.sqrt(2) + 2) / 3, within(1e-6));
  }

  @Test
  void averagesOverContents() {
    var features = Nd4j.createFromArray(new float[][][] {{{1, 0}, {0, 1}}, {{1, 1}, {2, 2}}});
    assertThat(Diversity.of(features)).isCloseTo(Math.sqrt(2) / 2, within(1e-6));
  }

  @Test
  void isZeroForASingleSampleOrIdenticalOutputs() {
    assertThat(Diversity.of(Nd4j.rand(3, 1, 5))).isZero();
    var same = Nd4j.rand(1, 1, 5).repeat(1, 4);
    assertThat(Diversity.of(same)).isCloseTo(0, within(1e-6));
  }
}

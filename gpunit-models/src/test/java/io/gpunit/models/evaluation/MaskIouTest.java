package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class MaskIouTest {

  @Test
  void binarisesAtOneHalfAndDividesIntersectionByUnion() {
    // predicted object pixels {0, 2}, reference {0, 1}: |∩| = 1, |∪| = 3.
    var predicted = Nd4j.createFromArray(new float[] {0.6f, 0.4f, 0.9f, 0.1f}).reshape(1, 1, 2, 2);
    var reference = Nd4j.createFromArray(new float[] {1, 1, 0, 0}).reshape(1, 1, 2, 2);
    assertThat(MaskIou.perImage(predicted, reference)[0]).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void exactlyHalfCountsAsObject() {
    var predicted = Nd4j.createFromArray(new float[] {0.5f, 0.49f}).reshape(1, 1, 1, 2);
    var reference = Nd4j.createFromArray(new float[] {1, 1}).reshape(1, 1, 1, 2);
    assertThat(MaskIou.perImage(predicted, reference)[0]).isEqualTo(0.5);
  }

  @Test
  void twoEmptyMasksAgreeCompletelyAndTheMeanRunsOverImages() {
    var predicted = Nd4j.createFromArray(new float[] {0, 0, 1, 0}).reshape(2, 1, 1, 2);
    var reference = Nd4j.createFromArray(new float[] {0, 0, 0, 1}).reshape(2, 1, 1, 2);
    assertThat(MaskIou.perImage(predicted, reference)).containsExactly(1.0, 0.0);
    assertThat(MaskIou.mean(predicted, reference)).isEqualTo(0.5);
  }

  @Test
  void rejectsMasksOfDifferentShapes() {
    assertThatThrownBy(() -> MaskIou.mean(Nd4j.zeros(1, 1, 2, 2), Nd4j.zeros(1, 1, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 1, 2, 3]");
  }
}

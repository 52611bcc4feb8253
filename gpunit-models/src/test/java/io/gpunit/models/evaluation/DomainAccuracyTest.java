package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class DomainAccuracyTest {

  @Test
  void countsRowsWhoseArgmaxIsTheTarget() {
    var logits =
        Nd4j.createFromArray(new float[][] {{0, 3, 1, 0}, {5, 1, 0, 0}, {-1, -0.5f, -2, -3}});
    assertThat(DomainAccuracy.of(logits, 1)).isEqualTo(2.0 / 3);
    assertThat(DomainAccuracy.of(logits, 0)).isEqualTo(1.0 / 3);
    assertThat(DomainAccuracy.of(logits, 3)).isEqualTo(0.0);
  }

  @Test
  void rejectsATargetOutsideTheClasses() {
    assertThatThrownBy(() -> DomainAccuracy.of(Nd4j.zeros(2, 4), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside [0, 4)");
  }
}

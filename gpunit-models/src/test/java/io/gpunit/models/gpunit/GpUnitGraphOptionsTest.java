package io.gpunit.models.gpunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GpUnitGraphOptionsTest {

  @Test
  void theScaleCountsTheDoublingsFromTheCodeToTheImage() {
    // The released models: 8² code, 256² images after five doublings.
    assertThat(GpUnitGraphOptions.scaleFor(256)).isEqualTo(5);
    assertThat(GpUnitGraphOptions.scaleFor(64)).isEqualTo(3);
    assertThat(GpUnitGraphOptions.scaleFor(64, 4)).isEqualTo(4);
    assertThat(GpUnitGraphOptions.scaleFor(32, 2)).isEqualTo(4);
    assertThat(GpUnitGraphOptions.scaleFor(4, 4)).isZero();
  }

  @Test
  void sizesTheGeneratorCannotReachFromTheCodeAreRejected() {
    assertThatThrownBy(() -> GpUnitGraphOptions.scaleFor(48, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4² content code")
        .hasMessageContaining("48²");
    assertThatThrownBy(() -> GpUnitGraphOptions.scaleFor(256, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("128²");
    assertThatThrownBy(() -> GpUnitGraphOptions.scaleFor(2, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

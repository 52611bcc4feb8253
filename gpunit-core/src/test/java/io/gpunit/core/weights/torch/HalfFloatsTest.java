package io.gpunit.core.weights.torch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

  @Test
  void knownHalfBitPatternsWidenToTheirValues() {
    assertThat(HalfFloats.halfToFloat((short) 0x3C00)).isEqualTo(1.0f);
    assertThat(HalfFloats.halfToFloat((short) 0xC000)).isEqualTo(-2.0f);
    assertThat(HalfFloats.halfToFloat((short) 0x7BFF)).isEqualTo(65504.0f);
    assertThat(HalfFloats.halfToFloat((short) 0x3555)).isEqualTo(0.333251953125f);
    assertThat(HalfFloats.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(HalfFloats.halfToFloat((short) 0x8000)).isEqualTo(-0.0f);
    assertThat(HalfFloats.halfToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(HalfFloats.halfToFloat((short) 0x7E00)).isNaN();
  }

  /** Every finite pattern against (-1)^s · 2^(e−15) · (1 + m/1024), or 2^−14 · m/1024 if e = 0. */
  @Test
  void everyFiniteHalfMatchesTheIeeeFormula() {
    for (int bits = 0; bits < 0x10000; bits++) {
      int exponent = (bits >>> 10) & 0x1f;
      if (exponent == 0x1f) {
        continue;
      }
      int mantissa = bits & 0x3ff;
      double magnitude =
          exponent == 0
              ? Math.scalb(mantissa / 1024.0, -14)
              : Math.scalb(1 + mantissa / 1024.0, exponent - 15);
      double expected = (bits & 0x8000) != 0 ? -magnitude : magnitude;
      assertThat((double) HalfFloats.halfToFloat((short) bits))
          .as("half 0x%04x", bits)
          .isEqualTo(expected);
    }
  }

  @Test
  void bfloat16IsTheTopHalfOfAFloat() {
    assertThat(HalfFloats.bfloat16ToFloat((short) 0x3F80)).isEqualTo(1.0f);
    assertThat(HalfFloats.bfloat16ToFloat((short) 0xC0A0)).isEqualTo(-5.0f);
    assertThat(HalfFloats.bfloat16ToFloat((short) 0x3EAB)).isEqualTo(0.333984375f);
  }
}

package io.gpunit.core.weights;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MiniFloatsTest {

  @Test
  void oneThirdRoundsToTheHandComputedHalf() {
    // 1/3 = 1.0101010101|0101...b × 2^-2: the dropped bits start with 0, so round down to
    // exponent 13, mantissa 0b0101010101 = 0x155 → 0x3555 = 1365/4096.
    assertThat(MiniFloats.doubleToHalf(1.0 / 3)).isEqualTo((short) 0x3555);
    assertThat(MiniFloats.halfToFloat(0x3555)).isEqualTo(0.333251953125f);
  }

  @Test
  void oneThirdRoundsToTheHandComputedBfloat16() {
    // 1/3 = 1.0101010|1010...b × 2^-2: the dropped bits exceed half an ulp, so round up to
    // mantissa 0b0101011 → 0x3EAB = 171/512.
    assertThat(MiniFloats.doubleToBfloat16(1.0 / 3)).isEqualTo((short) 0x3EAB);
    assertThat(MiniFloats.bfloat16ToFloat(0x3EAB)).isEqualTo(0.333984375f);
  }

  @Test
  void halfTiesRoundToEven() {
    double ulp = Math.scalb(1.0, -10);
    assertThat(MiniFloats.doubleToHalf(1 + ulp / 2)).isEqualTo((short) 0x3C00);
    assertThat(MiniFloats.doubleToHalf(1 + 1.5 * ulp)).isEqualTo((short) 0x3C02);
    assertThat(MiniFloats.doubleToHalf(1 + 0.5000001 * ulp)).isEqualTo((short) 0x3C01);
  }

  @Test
  void bfloat16TiesRoundToEven() {
    double ulp = Math.scalb(1.0, -7);
    assertThat(MiniFloats.doubleToBfloat16(1 + ulp / 2)).isEqualTo((short) 0x3F80);
    assertThat(MiniFloats.doubleToBfloat16(1 + 1.5 * ulp)).isEqualTo((short) 0x3F82);
  }

  @Test
  void halfOverflowsToInfinityOnlyPastTheRoundingBoundary() {
    assertThat(MiniFloats.doubleToHalf(65504)).isEqualTo((short) 0x7BFF);
    assertThat(MiniFloats.doubleToHalf(65519.99)).isEqualTo((short) 0x7BFF);
    assertThat(MiniFloats.doubleToHalf(65520)).isEqualTo((short) 0x7C00);
    assertThat(MiniFloats.doubleToHalf(Double.NEGATIVE_INFINITY)).isEqualTo((short) 0xFC00);
    assertThat(MiniFloats.halfToFloat(0x7BFF)).isEqualTo(65504f);
    assertThat(MiniFloats.halfToFloat(0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
  }

  @Test
  void halfSubnormalsAndSignedZero() {
    double tiny = Math.scalb(1.0, -24);
    assertThat(MiniFloats.doubleToHalf(tiny)).isEqualTo((short) 0x0001);
    assertThat(MiniFloats.doubleToHalf(tiny / 2)).isEqualTo((short) 0x0000);
    assertThat(MiniFloats.doubleToHalf(0.75 * tiny)).isEqualTo((short) 0x0001);
    assertThat(MiniFloats.doubleToHalf(1023 * tiny)).isEqualTo((short) 0x03FF);
    assertThat(MiniFloats.doubleToHalf(-0.0)).isEqualTo((short) 0x8000);
    assertThat(MiniFloats.halfToFloat(0x0001)).isEqualTo((float) tiny);
    assertThat(MiniFloats.halfToFloat(0x03FF)).isEqualTo((float) (1023 * tiny));
    assertThat(Float.floatToRawIntBits(MiniFloats.halfToFloat(0x8000))).isEqualTo(0x80000000);
  }

  @Test
  void nanStaysNan() {
    assertThat(MiniFloats.halfToFloat(MiniFloats.doubleToHalf(Double.NaN))).isNaN();
    assertThat(MiniFloats.bfloat16ToFloat(MiniFloats.doubleToBfloat16(Double.NaN))).isNaN();
  }

  @Test
  void everyHalfSurvivesDecodeThenEncode() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float value = MiniFloats.halfToFloat(bits);
      if (!Float.isNaN(value)) {
        assertThat(MiniFloats.doubleToHalf(value) & 0xFFFF).as("bits %04x", bits).isEqualTo(bits);
      }
    }
  }

  @Test
  void everyBfloat16SurvivesDecodeThenEncode() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float value = MiniFloats.bfloat16ToFloat(bits);
      if (!Float.isNaN(value)) {
        assertThat(MiniFloats.doubleToBfloat16(value) & 0xFFFF).as("bits %04x", bits).isEqualTo(bits);
      }
    }
  }
}

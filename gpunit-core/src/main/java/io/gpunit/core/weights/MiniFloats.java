package io.gpunit.core.weights;

/**
 * Bit-exact conversions between IEEE-754 binary16 / bfloat16 bit patterns and Java numbers
 * (Java 17 has no {@code Float.float16ToFloat}). Encoding rounds to nearest, ties to even, from the
 * double value, so a double is rounded once, never twice through float.
 */
final class MiniFloats {

  /** binary16: 5 exponent bits, 10 mantissa bits. */
  static final int HALF_MANTISSA = 10;

  static final int HALF_EXPONENT = 5;

  /** bfloat16: 8 exponent bits, 7 mantissa bits (the top half of a float32). */
  static final int BF16_MANTISSA = 7;

  static final int BF16_EXPONENT = 8;

  private MiniFloats() {}

  /** The float equal to the binary16 value with bits {@code bits} (low 16 bits used). */
  static float halfToFloat(int bits) {
    int sign = (bits & 0x8000) != 0 ? -1 : 1;
    int exponent = (bits >>> 10) & 0x1F;
    int fraction = bits & 0x3FF;
    if (exponent == 0x1F) {
      return fraction == 0 ? sign * Float.POSITIVE_INFINITY : Float.NaN;
    }
    if (exponent == 0) {
      // Subnormal: fraction × 2^-24 (and ±0).
      return sign * Math.scalb((float) fraction, -24);
    }
    return sign * Math.scalb((float) (fraction | 0x400), exponent - 15 - 10);
  }

  /** The float equal to the bfloat16 value with bits {@code bits}: its upper half. */
  static float bfloat16ToFloat(int bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  static short doubleToHalf(double value) {
    return (short) round(value, HALF_MANTISSA, HALF_EXPONENT);
  }

  static short doubleToBfloat16(double value) {
    return (short) round(value, BF16_MANTISSA, BF16_EXPONENT);
  }

  /**
   * The bits of the binary floating-point number with {@code mantissaBits} stored mantissa bits and
   * {@code exponentBits} exponent bits nearest to {@code value} (ties to even; overflow to infinity).
   */
  static int round(double value, int mantissaBits, int exponentBits) {
    int bias = (1 << (exponentBits - 1)) - 1;
    int infinityExponent = (1 << exponentBits) - 1;
    int signBit = (Double.doubleToRawLongBits(value) < 0) ? 1 << (mantissaBits + exponentBits) : 0;
    if (Double.isNaN(value)) {
      return signBit | (infinityExponent << mantissaBits) | (1 << (mantissaBits - 1));
    }
    double magnitude = Math.abs(value);
    int infinity = signBit | (infinityExponent << mantissaBits);
    if (Double.isInfinite(magnitude)) {
      return infinity;
    }
    int minExponent = 1 - bias;
    int exponent = Math.max(Math.getExponent(magnitude), minExponent);
    // Scaling by a power of two is exact, so rint() performs the only rounding.
    long mantissa = (long) Math.rint(Math.scalb(magnitude, mantissaBits - exponent));
    long implicitOne = 1L << mantissaBits;
    if (mantissa == implicitOne << 1) {
      mantissa = implicitOne;
      exponent++;
    }
    if (exponent > bias) {
      return infinity;
    }
    if (mantissa < implicitOne) {
      // Subnormal (exponent == minExponent): the stored exponent field is 0.
      return signBit | (int) mantissa;
    }
    return signBit | ((exponent + bias) << mantissaBits) | (int) (mantissa - implicitOne);
  }
}

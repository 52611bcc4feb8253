package io.gpunit.core.weights.torch;

/** Widening of IEEE-754 binary16 and bfloat16 bit patterns to float32 (both exact). */
final class HalfFloats {
  private HalfFloats() {}

  /**
   * binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits. Normal numbers rebias the exponent
   * to float32's 127; subnormals are {@code mantissa * 2^-24}; exponent 31 is infinity or NaN.
   */
  static float halfToFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
  }

  /** bfloat16 is the top half of a float32. */
  static float bfloat16ToFloat(short bf16) {
    return Float.intBitsToFloat((bf16 & 0xffff) << 16);
  }
}

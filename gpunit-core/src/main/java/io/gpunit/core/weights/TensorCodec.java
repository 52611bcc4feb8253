package io.gpunit.core.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converts between a tensor's little-endian, row-major bytes and an ND4J array. Elements are decoded
 * in Java (not by reinterpreting an ND4J buffer) so the result does not depend on the platform's byte
 * order or on ND4J's half-precision rounding.
 */
final class TensorCodec {

  private TensorCodec() {}

  /** The array held by {@code bytes} (exactly {@code info.byteLength()} of them). */
  static INDArray decode(TensorInfo info, ByteBuffer bytes) {
    ByteBuffer buf = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long[] shape = info.shape();
    int n = Math.toIntExact(info.elementCount());
    DataType type = info.dtype().decodedType();
    if (n == 0) {
      return Nd4j.create(type, shape, 'c');
    }
    INDArray flat =
        switch (info.dtype()) {
          case F64 -> {
            double[] v = new double[n];
            buf.asDoubleBuffer().get(v);
            yield Nd4j.create(v, new long[] {n}, type);
          }
          case F32 -> {
            float[] v = new float[n];
            buf.asFloatBuffer().get(v);
            yield Nd4j.create(v, new long[] {n}, type);
          }
          case F16, BF16 -> {
            boolean half = info.dtype() == TensorDType.F16;
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
              int bits = buf.getShort(2 * i) & 0xFFFF;
              v[i] = half ? MiniFloats.halfToFloat(bits) : MiniFloats.bfloat16ToFloat(bits);
            }
            yield Nd4j.create(v, new long[] {n}, type);
          }
          case I64 -> {
            long[] v = new long[n];
            buf.asLongBuffer().get(v);
            yield Nd4j.create(v, new long[] {n}, type);
          }
          case I32 -> {
            int[] v = new int[n];
            buf.asIntBuffer().get(v);
            yield Nd4j.create(v, new long[] {n}, type);
          }
          case I16, I8, U8 -> {
            // Via INT: the value of each element is then unambiguous, whatever ND4J does with bytes.
            int[] v = smallIntegers(info.dtype(), buf, n);
            yield Nd4j.create(v, new long[] {n}, DataType.INT).castTo(type);
          }
          case BOOL -> {
            boolean[] v = new boolean[n];
            for (int i = 0; i < n; i++) {
              v[i] = buf.get(i) != 0;
            }
            yield Nd4j.create(v, new long[] {n}, type);
          }
        };
    return shape.length == 1 ? flat : flat.reshape('c', shape);
  }

  private static int[] smallIntegers(TensorDType dtype, ByteBuffer buf, int n) {
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] =
          switch (dtype) {
            case I16 -> buf.getShort(2 * i);
            case I8 -> buf.get(i);
            case U8 -> buf.get(i) & 0xFF;
            default -> throw new AssertionError(dtype);
          };
    }
    return v;
  }

  /**
   * The bytes storing {@code array} as {@code dtype}. Floating values are rounded to nearest even
   * for F16/BF16; integer values must fit the integer type. Floating arrays cannot be stored as
   * integers (that would silently truncate).
   */
  static byte[] encode(String name, INDArray array, TensorDType dtype) {
    checkConvertible(name, array.dataType(), dtype);
    int n = Math.toIntExact(array.length());
    ByteBuffer buf =
        ByteBuffer.allocate(Math.multiplyExact(n, dtype.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
    if (n == 0) {
      return buf.array();
    }
    if (dtype.isFloating()) {
      double[] v = flat(array, DataType.DOUBLE).data().asDouble();
      for (double x : v) {
        switch (dtype) {
          case F64 -> buf.putDouble(x);
          case F32 -> buf.putFloat((float) x);
          case F16 -> buf.putShort(MiniFloats.doubleToHalf(x));
          case BF16 -> buf.putShort(MiniFloats.doubleToBfloat16(x));
          default -> throw new AssertionError(dtype);
        }
      }
    } else {
      long[] v = flat(array, DataType.LONG).data().asLong();
      for (long x : v) {
        checkRange(name, x, dtype);
        switch (dtype) {
          case I64 -> buf.putLong(x);
          case I32 -> buf.putInt((int) x);
          case I16 -> buf.putShort((short) x);
          case I8, U8, BOOL -> buf.put((byte) x);
          default -> throw new AssertionError(dtype);
        }
      }
    }
    return buf.array();
  }

  /** A compact row-major copy of {@code array} converted to {@code type}. */
  private static INDArray flat(INDArray array, DataType type) {
    INDArray converted = array.dataType() == type ? array : array.castTo(type);
    return converted.dup('c');
  }

  /** Throws if {@code from} values cannot be stored as {@code to} (checked when a tensor is added). */
  static void checkConvertible(String name, DataType from, TensorDType to) {
    boolean fromFloating = from.isFPType();
    boolean fromBool = from == DataType.BOOL;
    if (fromFloating && !to.isFloating()) {
      throw new IllegalArgumentException(
          "tensor '" + name + "' is " + from + ": storing it as " + to.code() + " would truncate");
    }
    if ((to == TensorDType.BOOL) != fromBool) {
      throw new IllegalArgumentException(
          "tensor '" + name + "' is " + from + ": cannot store it as " + to.code());
    }
    if (!fromFloating && !fromBool && !from.isIntType()) {
      throw new IllegalArgumentException(
          "tensor '" + name + "' has unsupported ND4J type " + from);
    }
  }

  private static void checkRange(String name, long x, TensorDType dtype) {
    long[] range =
        switch (dtype) {
          case I32 -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
          case I16 -> new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
          case I8 -> new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
          case U8 -> new long[] {0, 255};
          case BOOL -> new long[] {0, 1};
          default -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        };
    if (x < range[0] || x > range[1]) {
      throw new IllegalArgumentException(
          "tensor '" + name + "' holds " + x + ", outside the range " + Arrays.toString(range)
              + " of " + dtype.code());
    }
  }
}

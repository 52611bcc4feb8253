package io.gpunit.core.weights.torch;

import java.nio.ByteBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gathers a (possibly strided) tensor view out of its storage bytes into a new C-ordered {@link
 * INDArray}, converting the element type as {@link TorchDType#nd4jType()} says.
 */
final class TensorDecoder {
  private TensorDecoder() {}

  /** {@code storage} holds the whole storage with its byte order set; the view is validated. */
  static INDArray decode(TensorRef tensor, ByteBuffer storage) {
    TorchDType dtype = tensor.storage().dtype();
    int n = tensor.numel();
    long[] shape = tensor.size();
    int width = dtype.elementSize();
    TensorRef.Cursor cursor = tensor.cursor();
    switch (dtype) {
      case FLOAT32, FLOAT16, BFLOAT16 -> {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
          int at = Math.toIntExact(cursor.next() * width);
          out[i] =
              switch (dtype) {
                case FLOAT16 -> HalfFloats.halfToFloat(storage.getShort(at));
                case BFLOAT16 -> HalfFloats.bfloat16ToFloat(storage.getShort(at));
                default -> storage.getFloat(at);
              };
        }
        return Nd4j.create(out, shape, dtype.nd4jType());
      }
      case FLOAT64 -> {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
          out[i] = storage.getDouble(Math.toIntExact(cursor.next() * width));
        }
        return Nd4j.create(out, shape, dtype.nd4jType());
      }
      case INT64 -> {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          out[i] = storage.getLong(Math.toIntExact(cursor.next() * width));
        }
        return Nd4j.create(out, shape, dtype.nd4jType());
      }
      case INT32 -> {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
          out[i] = storage.getInt(Math.toIntExact(cursor.next() * width));
        }
        return Nd4j.create(out, shape, dtype.nd4jType());
      }
      case INT16 -> {
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
          out[i] = storage.getShort(Math.toIntExact(cursor.next() * width));
        }
        return Nd4j.create(out, shape, dtype.nd4jType());
      }
      case INT8 -> {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
          out[i] = storage.get(Math.toIntExact(cursor.next()));
        }
        return Nd4j.create(out, shape, dtype.nd4jType());
      }
      case UINT8 -> {
        // Widened to int so ND4J casts 0..255 by value rather than reinterpreting signed bytes.
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
          out[i] = storage.get(Math.toIntExact(cursor.next())) & 0xff;
        }
        return Nd4j.create(out, shape, dtype.nd4jType());
      }
      case BOOL -> {
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
          out[i] = storage.get(Math.toIntExact(cursor.next())) != 0;
        }
        return Nd4j.create(out, shape, dtype.nd4jType());
      }
      default -> throw new AssertionError(dtype);
    }
  }
}

package io.gpunit.core.random;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Arrays filled from a stream of values drawn in Java (initial weights, noise), written to the
 * native buffer 64 Ki values at a time: a whole-array {@code double[]} and its double-precision
 * native copy, cast afterwards, were garbage of three times the array's size (340 MB for the 188 MB
 * of a released-width GP-UNIT's weights).
 */
public final class DrawnArrays {

  private static final int CHUNK = 1 << 16;

  private DrawnArrays() {}

  /**
   * An array of {@code shape} filled in C order with {@code next}'s values, each rounded once from
   * double to {@code dataType}.
   */
  public static INDArray of(long[] shape, DataType dataType, DoubleSupplier next) {
    if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
      return of(shape, DataType.DOUBLE, next).castTo(dataType);
    }
    INDArray out = Nd4j.createUninitialized(dataType, shape.clone());
    long n = out.length();
    if (n == 0) {
      return out; // an empty array has no buffer to fill
    }
    if (dataType == DataType.FLOAT) {
      FloatBuffer target = out.data().asNioFloat();
      float[] chunk = new float[(int) Math.min(n, CHUNK)];
      for (long done = 0; done < n; done += chunk.length) {
        int count = (int) Math.min(chunk.length, n - done);
        for (int i = 0; i < count; i++) {
          chunk[i] = (float) next.getAsDouble();
        }
        target.put(chunk, 0, count);
      }
    } else {
      DoubleBuffer target = out.data().asNioDouble();
      double[] chunk = new double[(int) Math.min(n, CHUNK)];
      for (long done = 0; done < n; done += chunk.length) {
        int count = (int) Math.min(chunk.length, n - done);
        for (int i = 0; i < count; i++) {
          chunk[i] = next.getAsDouble();
        }
        target.put(chunk, 0, count);
      }
    }
    return out;
  }
}

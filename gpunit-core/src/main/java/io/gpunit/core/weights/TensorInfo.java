package io.gpunit.core.weights;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor's header entry: its name, element type, shape, and byte range {@code [begin, end)}
 * relative to the start of the data buffer.
 */
public record TensorInfo(String name, TensorDType dtype, long[] shape, long begin, long end) {

  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    shape = shape.clone();
  }

  /** The shape (a copy). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements: the product of the shape (1 for a scalar). */
  public long elementCount() {
    return Arrays.stream(shape).reduce(1L, Math::multiplyExact);
  }

  /** Size of the data in bytes. */
  public long byteLength() {
    return end - begin;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t
        && name.equals(t.name)
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && begin == t.begin
        && end == t.end;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
  }

  @Override
  public String toString() {
    return name + " " + dtype.code() + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
  }
}

package io.gpunit.core.weights.torch;

import java.util.Arrays;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a view of {@link #storage}
 * starting {@link #offset} elements in, with the given sizes and strides (in elements). Element
 * {@code (i0, i1, ...)} lives at storage index {@code offset + Σ i_d · stride_d}; several tensors may
 * view one storage.
 */
final class TensorRef {
  /** Largest element count a tensor may have: it is gathered into one Java array. */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private final StorageRef storage;
  private final long offset;
  private final long[] size;
  private final long[] stride;
  private final int numel;
  private final long end;

  private TensorRef(
      StorageRef storage, long offset, long[] size, long[] stride, int numel, long end) {
    this.storage = storage;
    this.offset = offset;
    this.size = size;
    this.stride = stride;
    this.numel = numel;
    this.end = end;
  }

  /**
   * Validates the view against its storage: non-negative sizes and strides, the same rank for
   * both, and every addressed element inside the storage ({@code offset + Σ (size_d − 1) · stride_d <
   * numel(storage)}), so decoding can never read out of bounds.
   */
  static TensorRef of(StorageRef storage, long offset, long[] size, long[] stride, String where)
      throws TorchCheckpointException {
    if (size.length != stride.length) {
      throw new TorchCheckpointException(
          where + ": size " + Arrays.toString(size) + " and stride " + Arrays.toString(stride)
              + " have different ranks");
    }
    if (offset < 0) {
      throw new TorchCheckpointException(where + ": negative storage offset " + offset);
    }
    long count = 1;
    long lastIndex = offset;
    try {
      for (int d = 0; d < size.length; d++) {
        if (size[d] < 0 || stride[d] < 0) {
          throw new TorchCheckpointException(
              where + ": negative size or stride in size " + Arrays.toString(size) + ", stride "
                  + Arrays.toString(stride));
        }
        count = Math.multiplyExact(count, size[d]);
        if (size[d] > 0) {
          lastIndex = Math.addExact(lastIndex, Math.multiplyExact(size[d] - 1, stride[d]));
        }
      }
    } catch (ArithmeticException e) {
      throw new TorchCheckpointException(
          where + ": size " + Arrays.toString(size) + " / stride " + Arrays.toString(stride)
              + " overflow a 64-bit index", e);
    }
    if (count > MAX_ELEMENTS) {
      throw new TorchCheckpointException(
          where + ": " + count + " elements exceed the " + MAX_ELEMENTS + " one tensor may hold");
    }
    if (count > 0 && lastIndex >= storage.numel()) {
      throw new TorchCheckpointException(
          where + ": view offset " + offset + ", size " + Arrays.toString(size) + ", stride "
              + Arrays.toString(stride) + " reaches element " + lastIndex + " but storage '"
              + storage.key() + "' holds only " + storage.numel() + " elements");
    }
    long end = count == 0 ? 0 : lastIndex + 1;
    return new TensorRef(storage, offset, size.clone(), stride.clone(), (int) count, end);
  }

  StorageRef storage() {
    return storage;
  }

  long[] size() {
    return size.clone();
  }

  int numel() {
    return numel;
  }

  /** One past the last storage element the view addresses (0 for an empty view). */
  long endElement() {
    return end;
  }

  /**
   * The storage index of each element in row-major (C) order, visited like an odometer: the last
   * dimension advances fastest, and a dimension that wraps rewinds its stride × size.
   */
  final class Cursor {
    private final long[] counter = new long[size.length];
    private long index = offset;

    long next() {
      long current = index;
      for (int d = size.length - 1; d >= 0; d--) {
        counter[d]++;
        index += stride[d];
        if (counter[d] < size[d]) {
          break;
        }
        index -= stride[d] * size[d];
        counter[d] = 0;
      }
      return current;
    }
  }

  Cursor cursor() {
    return new Cursor();
  }
}

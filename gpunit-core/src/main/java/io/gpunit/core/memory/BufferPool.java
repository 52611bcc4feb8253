package io.gpunit.core.memory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The output arrays of one {@link OpSchedule} call: a dead array's buffer is kept for a later
 * output of the same type and length within the call, instead of being freed and a new one
 * allocated (a native allocation, and fresh pages the kernel then faults in). A buffer is kept only
 * if the schedule's previous call allocated that size after this point, so dead buffers do not pile
 * up; those no output took are freed when the call ends.
 */
final class BufferPool {

  private record Size(DataType type, long length) {}

  /** Buffers taken from a pool, in this JVM (for tests). */
  static final AtomicLong REUSED = new AtomicLong();

  /** The previous call's last step that allocated each size. */
  private Map<Size, Integer> lastAllocation = new HashMap<>();

  private Map<Size, Integer> allocations = new HashMap<>();
  private final Map<Size, ArrayDeque<DataBuffer>> free = new HashMap<>();
  private int step;

  /** The schedule is at step {@code index}. */
  void at(int index) {
    step = index;
  }

  /** An uninitialised array of {@code shape} ('c' order), on a kept buffer if one fits. */
  INDArray allocate(LongShapeDescriptor shape) {
    if (shape.isEmpty()) {
      return Nd4j.create(shape);
    }
    long[] dims = shape.getShape();
    Size size = new Size(shape.dataType(), ArrayUtil.prodLong(dims));
    allocations.put(size, step);
    ArrayDeque<DataBuffer> kept = free.get(size);
    DataBuffer buffer = kept == null ? null : kept.pollLast();
    if (buffer == null) {
      return Nd4j.createUninitializedDetached(shape.dataType(), dims);
    }
    REUSED.incrementAndGet();
    return Nd4j.create(buffer, dims, Nd4j.getStrides(dims, 'c'), 0, 'c');
  }

  /** {@code array} is dead: its buffer is kept for a later output of its size, or freed. */
  void release(INDArray array) {
    if (array == null || array.wasClosed() || !array.closeable()) {
      return;
    }
    DataBuffer buffer = array.data();
    Size size = new Size(buffer.dataType(), buffer.length());
    Integer last = lastAllocation.get(size);
    if (last != null && last > step && array.length() == buffer.length()) {
      free.computeIfAbsent(size, s -> new ArrayDeque<>()).add(buffer);
    } else {
      array.close();
    }
  }

  /** The call is over: frees the kept buffers and remembers where this call allocated. */
  void endCall() {
    free.values().forEach(buffers -> buffers.forEach(DataBuffer::close));
    free.clear();
    lastAllocation = allocations;
    allocations = new HashMap<>();
  }
}

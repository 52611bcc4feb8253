package io.gpunit.core.memory;

import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The output arrays of one {@link OpSchedule}'s calls: a dead array's buffer is kept for a later
 * output of the same type and length, instead of being freed and a new one allocated (a native
 * allocation, 10–15 µs for a small buffer and ~0.5 ms for 8 MB, and fresh pages the kernel then
 * faults in; wrapping a kept buffer takes ~5 µs).
 *
 * <p>Within a call a buffer is kept only if the schedule's previous call allocated that size after
 * this point, so dead buffers do not pile up. Buffers of sizes the call allocates are also carried
 * to its next call (the same steps with the same sizes) while all pools of the JVM together carry
 * no more MiB than the system property {@value #CARRY_PROPERTY} says ({@value #DEFAULT_CARRY_MIB}
 * by default, 0 for none): that bounds what the pools hold between calls, where several graphs (a
 * trainer's G and D steps) take turns. The rest are freed when the call ends; a pool's carried
 * buffers when the pool is collected.
 */
final class BufferPool {

  /** The system property that sets the carry limit, in MiB. */
  static final String CARRY_PROPERTY = "gpunit.replay.carryMiB";

  static final long DEFAULT_CARRY_MIB = 256;

  private static final long CARRY_LIMIT =
      Math.max(0, Long.getLong(CARRY_PROPERTY, DEFAULT_CARRY_MIB)) << 20;

  /** Bytes that all pools carry to their next call now. */
  private static final AtomicLong CARRIED_BYTES = new AtomicLong();

  private static final Cleaner CLEANER = Cleaner.create();

  private record Size(DataType type, long length) {}

  /** Buffers taken from a pool, in this JVM (for tests). */
  static final AtomicLong REUSED = new AtomicLong();

  /** Buffers allocated afresh, in this JVM (for tests). */
  static final AtomicLong ALLOCATED = new AtomicLong();

  /** The previous call's last step that allocated each size. */
  private Map<Size, Integer> lastAllocation = new HashMap<>();

  private Map<Size, Integer> allocations = new HashMap<>();
  private final Map<Size, ArrayDeque<DataBuffer>> free = new HashMap<>();
  private final Carried carried = new Carried();
  private int step;

  BufferPool() {
    CLEANER.register(this, carried);
  }

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
      buffer = carried.take(size);
    }
    if (buffer == null) {
      ALLOCATED.incrementAndGet();
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
    if (array.length() != buffer.length()) {
      array.close();
      return;
    }
    Integer last = lastAllocation.get(size);
    if (last != null && last > step) {
      free.computeIfAbsent(size, s -> new ArrayDeque<>()).add(buffer);
    } else if (!carry(size, buffer)) {
      array.close();
    }
  }

  /**
   * The call is over: carries the kept buffers of sizes it allocated to the next call, within the
   * limit, frees the rest, and remembers where this call allocated.
   */
  void endCall() {
    for (Map.Entry<Size, ArrayDeque<DataBuffer>> e : free.entrySet()) {
      for (DataBuffer buffer : e.getValue()) {
        if (!carry(e.getKey(), buffer)) {
          buffer.close();
        }
      }
    }
    free.clear();
    carried.keepOnly(allocations);
    lastAllocation = allocations;
    allocations = new HashMap<>();
  }

  /**
   * Carries {@code buffer} to the next call if this call allocated its size and the limit allows.
   */
  private boolean carry(Size size, DataBuffer buffer) {
    return allocations.containsKey(size) && carried.add(size, buffer);
  }

  /** Bytes all pools carry now (for tests). */
  static long carriedBytes() {
    return CARRIED_BYTES.get();
  }

  /**
   * The buffers a pool carries to its next call, counted in {@link #CARRIED_BYTES}; run, it frees
   * them (its pool was collected).
   */
  private static final class Carried implements Runnable {
    private final Map<Size, ArrayDeque<DataBuffer>> buffers = new HashMap<>();

    /** Carries {@code buffer} if the limit allows. */
    boolean add(Size size, DataBuffer buffer) {
      long bytes = bytes(size);
      if (CARRIED_BYTES.addAndGet(bytes) > CARRY_LIMIT) {
        CARRIED_BYTES.addAndGet(-bytes);
        return false;
      }
      buffers.computeIfAbsent(size, s -> new ArrayDeque<>()).add(buffer);
      return true;
    }

    /** A carried buffer of {@code size}, no longer counted, or null. */
    DataBuffer take(Size size) {
      ArrayDeque<DataBuffer> kept = buffers.get(size);
      DataBuffer buffer = kept == null ? null : kept.pollLast();
      if (buffer != null) {
        CARRIED_BYTES.addAndGet(-bytes(size));
      }
      return buffer;
    }

    /** Frees the buffers of sizes not in {@code sizes}. */
    void keepOnly(Map<Size, ?> sizes) {
      for (Iterator<Map.Entry<Size, ArrayDeque<DataBuffer>>> it = buffers.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<Size, ArrayDeque<DataBuffer>> e = it.next();
        if (!sizes.containsKey(e.getKey())) {
          free(e.getKey(), e.getValue());
          it.remove();
        }
      }
    }

    @Override
    public void run() {
      buffers.forEach(Carried::free);
      buffers.clear();
    }

    private static void free(Size size, ArrayDeque<DataBuffer> kept) {
      CARRIED_BYTES.addAndGet(-bytes(size) * kept.size());
      kept.forEach(DataBuffer::close);
    }

    private static long bytes(Size size) {
      return size.length() * size.type().width();
    }
  }
}

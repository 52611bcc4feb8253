package io.gpunit.core.weights.torch;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How many bytes of each storage the unpickled tensors address, worked out from data.pkl alone so
 * that a checkpoint declaring more than the reader may hold is refused before anything is inflated
 * (a few MB of deflated zeros can declare gigabytes).
 */
final class StoragePlan {
  private final Map<String, Long> neededBytes;

  private StoragePlan(Map<String, Long> neededBytes) {
    this.neededBytes = neededBytes;
  }

  /**
   * Walks the unpickled graph (iteratively, each object once, so deep or cyclic graphs cannot
   * overflow the stack here) and collects, per storage, the furthest byte a tensor reads; a bare
   * storage is read whole.
   */
  static StoragePlan of(Object root) {
    Map<String, Long> needed = new LinkedHashMap<>();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> todo = new ArrayDeque<>();
    todo.push(root == null ? "" : root);
    while (!todo.isEmpty()) {
      Object value = todo.pop();
      if (!seen.add(value)) {
        continue;
      }
      if (value instanceof TensorRef tensor) {
        StorageRef s = tensor.storage();
        needed.merge(s.key(), tensor.endElement() * s.dtype().elementSize(), Math::max);
      } else if (value instanceof StorageRef s) {
        needed.merge(s.key(), s.byteSize(), Math::max);
      } else if (value instanceof Map<?, ?> map) {
        map.forEach((k, v) -> pushValue(todo, k, v));
      } else if (value instanceof PickleTuple tuple) {
        tuple.items().forEach(item -> pushValue(todo, item));
      } else if (value instanceof Iterable<?> list) {
        list.forEach(item -> pushValue(todo, item));
      }
    }
    return new StoragePlan(needed);
  }

  private static void pushValue(Deque<Object> todo, Object... values) {
    for (Object v : values) {
      if (v != null) {
        todo.push(v);
      }
    }
  }

  /** The bytes of storage {@code key} that must be read (0 if no tensor addresses it). */
  long neededBytes(String key) {
    return neededBytes.getOrDefault(key, 0L);
  }

  long totalBytes() {
    return neededBytes.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Refuses the checkpoint when its tensors need more than {@code budget} bytes in all. */
  void checkBudget(Path file, long budget) throws CheckpointTooLargeException {
    long total = totalBytes();
    if (total <= budget) {
      return;
    }
    Map.Entry<String, Long> largest =
        Collections.max(neededBytes.entrySet(), Map.Entry.comparingByValue());
    throw new CheckpointTooLargeException(
        file + ": its tensors need " + megabytes(total) + " of storage (the largest, '"
            + largest.getKey() + "', " + megabytes(largest.getValue()) + "), more than the "
            + megabytes(budget) + " budget for reading a checkpoint",
        total,
        budget);
  }

  private static String megabytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}

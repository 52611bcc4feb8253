package io.gpunit.core.memory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The deferred inputs ({@link DeferredInput}) of one replayed call still to be computed, by the
 * slot of the placeholder each fills.
 */
final class PendingInputs {

  /** A deferred input and the index of the placeholder it fills. */
  private record Pending(DeferredInput input, int placeholder) {}

  private final Map<Integer, Pending> bySlot = new HashMap<>();

  /**
   * Defers placeholder {@code index} (name {@code name}, slot {@code slot}) if {@code feed} has no
   * value for it and one of {@code deferred} fills it; false otherwise.
   */
  boolean defer(
      String name, int index, int slot, Map<String, INDArray> feed, List<DeferredInput> deferred) {
    if (feed != null && feed.containsKey(name)) {
      return false;
    }
    for (DeferredInput d : deferred) {
      if (d.placeholder().equals(name)) {
        bySlot.put(slot, new Pending(d, index));
        return true;
      }
    }
    return false;
  }

  boolean isEmpty() {
    return bySlot.isEmpty();
  }

  /**
   * Computes the pending inputs among the slots a step {@code reads} into {@code values}, from the
   * arrays {@code computed} gives for their sources (null: not computed), each made a placeholder
   * value by {@code asPlaceholder} (value, placeholder index).
   */
  void fill(
      int[] reads,
      INDArray[] values,
      Function<String, INDArray> computed,
      BiFunction<INDArray, Integer, INDArray> asPlaceholder) {
    for (int slot : reads) {
      Pending p = bySlot.remove(slot);
      if (p == null) {
        continue;
      }
      DeferredInput d = p.input();
      Map<String, INDArray> sources = new LinkedHashMap<>();
      for (String name : d.from()) {
        INDArray value = computed.apply(name);
        if (value == null) {
          throw new IllegalStateException(
              "deferred input \""
                  + d.placeholder()
                  + "\" needs \""
                  + name
                  + "\", which the graph computes only after the placeholder's first reader");
        }
        sources.put(name, value);
      }
      values[slot] = asPlaceholder.apply(d.value().apply(sources), p.placeholder());
    }
  }
}

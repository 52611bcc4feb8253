package io.gpunit.core.weights.torch;

import java.util.Collections;
import java.util.List;

/** A Python tuple while unpickling: immutable, and distinct from a list (REDUCE wants a tuple). */
record PickleTuple(List<Object> items) {
  PickleTuple {
    items = Collections.unmodifiableList(items);
  }

  static final PickleTuple EMPTY = new PickleTuple(List.of());

  int size() {
    return items.size();
  }

  Object get(int i) {
    return items.get(i);
  }
}

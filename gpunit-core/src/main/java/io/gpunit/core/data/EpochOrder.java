package io.gpunit.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Indices {@code 0..n-1} in a fresh seeded shuffle every epoch, like a shuffling DataLoader. */
final class EpochOrder {

  private final List<Integer> order = new ArrayList<>();
  private final int n;
  private int position;

  EpochOrder(int n) {
    this.n = n;
    this.position = n;
  }

  int next(Random random) {
    if (position >= n) {
      order.clear();
      for (int i = 0; i < n; i++) {
        order.add(i);
      }
      Collections.shuffle(order, random);
      position = 0;
    }
    return order.get(position++);
  }
}

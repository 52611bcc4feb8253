package io.gpunit.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrefetcherTest {

  @Test
  void deliversEveryItemInOrder() {
    AtomicInteger counter = new AtomicInteger();
    try (Prefetcher<Integer> p = new Prefetcher<>("test", 2, counter::getAndIncrement)) {
      for (int i = 0; i < 50; i++) {
        assertThat(p.next()).isEqualTo(i);
      }
    }
  }

  @Test
  void rethrowsTheProducersFailureAfterTheItemsBeforeIt() {
    AtomicInteger counter = new AtomicInteger();
    Prefetcher<Integer> p =
        new Prefetcher<>(
            "failing-loader",
            4,
            () -> {
              int i = counter.getAndIncrement();
              if (i == 3) {
                throw new IllegalStateException("disk on fire");
              }
              return i;
            });
    try (p) {
      assertThat(p.next()).isZero();
      assertThat(p.next()).isEqualTo(1);
      assertThat(p.next()).isEqualTo(2);
      for (int attempt = 0; attempt < 2; attempt++) {
        assertThatThrownBy(p::next)
            .isInstanceOf(DataLoadingException.class)
            .hasMessageContaining("failing-loader")
            .hasRootCauseMessage("disk on fire");
      }
    }
  }

  @Test
  void nextAfterCloseFails() {
    Prefetcher<Integer> p = new Prefetcher<>("closed-loader", 1, () -> 1);
    p.close();
    assertThatThrownBy(p::next)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}

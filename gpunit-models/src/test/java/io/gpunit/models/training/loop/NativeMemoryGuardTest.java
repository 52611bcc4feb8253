package io.gpunit.models.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NativeMemoryGuardTest {

  @Test
  void collectsOnlyAfterStepsThatEndAboveTheLimit() {
    AtomicLong resident = new AtomicLong(100);
    NativeMemoryGuard guard = new NativeMemoryGuard(1_000, resident::get);
    guard.onStep(1, Map.of());
    assertThat(guard.collections()).isZero();
    resident.set(1_001);
    guard.onStep(2, Map.of());
    guard.onStep(3, Map.of());
    assertThat(guard.collections()).isEqualTo(2);
  }

  @Test
  void aFractionOfPhysicalMemoryIsAtLeastFourGibibytesUnlessTheMachineIsSmaller() {
    NativeMemoryGuard guard = NativeMemoryGuard.ofPhysicalMemory(0.01);
    long total = org.bytedeco.javacpp.Pointer.totalPhysicalBytes();
    assertThat(guard.limitBytes()).isEqualTo(Math.min(total, 4L << 30));
    assertThatThrownBy(() -> NativeMemoryGuard.ofPhysicalMemory(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(0, 1]");
  }
}

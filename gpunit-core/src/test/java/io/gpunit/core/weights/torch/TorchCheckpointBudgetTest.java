package io.gpunit.core.weights.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints that declare more storage than a reader may hold are refused before inflating. */
class TorchCheckpointBudgetTest {
  @TempDir Path dir;

  @Test
  void theTrialsBombIsRefusedWithinTheDefaultBudget() throws IOException {
    Path bomb = TorchBombs.zeroStorage(dir.resolve("bomb.pt"), TorchBombs.TRIAL_NUMEL);
    assertThat(Files.size(bomb)).isLessThan(16L << 20);
    long heapBefore = usedHeap();

    assertThatThrownBy(() -> TorchCheckpoint.read(bomb))
        .isInstanceOf(CheckpointTooLargeException.class)
        .hasMessageContaining(bomb.toString())
        .hasMessageContaining("2147.5 MB")
        .satisfies(e -> assertThat(((CheckpointTooLargeException) e).neededBytes())
            .isEqualTo(TorchBombs.TRIAL_NUMEL * 4));
    // Refused from data.pkl alone: nothing near the declared 2 GB was allocated.
    assertThat(usedHeap() - heapBefore).isLessThan(256L << 20);
  }

  @Test
  void anExplicitBudgetIsHonouredAndNamesTheLargestStorage() throws IOException {
    Path file = TorchBombs.zeroStorage(dir.resolve("small.pt"), 1000);

    assertThatThrownBy(() -> TorchCheckpoint.read(file, 3999))
        .isInstanceOf(CheckpointTooLargeException.class)
        .hasMessageContaining("'0'")
        .satisfies(e -> assertThat(((CheckpointTooLargeException) e).budgetBytes())
            .isEqualTo(3999));
    assertThat(TorchCheckpoint.read(file, 4000).stateDict().get("w").length()).isEqualTo(1000);
  }

  @Test
  void onlyTheBytesTheTensorsAddressAreInflated() throws IOException {
    // 64 MB declared, 4 elements viewed: reading within a 1 KB budget works.
    Path file = TorchBombs.zeroStorage(dir.resolve("view.pt"), 16L << 20, 4);

    assertThat(TorchCheckpoint.read(file, 1024).stateDict().get("w").toFloatVector())
        .containsExactly(0f, 0f, 0f, 0f);
  }

  private static long usedHeap() {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}

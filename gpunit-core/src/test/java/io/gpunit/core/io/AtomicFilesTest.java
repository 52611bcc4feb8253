package io.gpunit.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void staleTemporariesOfOurNamingAreDeletedAndNothingElse() throws IOException {
    // What a kill during write() leaves: the 0-byte temporary its createTempFile made.
    Path stale = Files.createTempFile(dir, ".a_grid.png.", ".tmp");
    Path staleOther = Files.createFile(dir.resolve(".b_sample0.png.123456789.tmp"));
    Path notOurs = Files.createFile(dir.resolve(".b.png.abc.tmp"));
    Path otherType = Files.createFile(dir.resolve(".model.safetensors.42.tmp"));
    Path output = Files.writeString(dir.resolve("a_grid.png"), "kept");

    int deleted = AtomicFiles.deleteStaleTemporariesIn(dir, "png");

    assertThat(deleted).isEqualTo(2);
    assertThat(stale).doesNotExist();
    assertThat(staleOther).doesNotExist();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).containsExactlyInAnyOrder(notOurs, otherType, output);
    }
  }

  @Test
  void aMissingFolderHasNothingToClean() throws IOException {
    assertThat(AtomicFiles.deleteStaleTemporariesIn(dir.resolve("nope"), "png")).isZero();
  }
}

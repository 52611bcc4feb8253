package io.gpunit.models.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointStoreTest {

  @TempDir Path dir;

  private static Checkpoint sample(long step, float value) {
    return Checkpoint.builder(step)
        .tensor(
            "g.w", Nd4j.createFromArray(new float[][] {{value, -0.0f}, {Float.MIN_VALUE, 1e30f}}))
        .tensor("optim.g.g.w.exp_avg_sq", Nd4j.createFromArray(1e-300, Math.PI))
        .tensor("optim.g.g.w.step", Nd4j.scalar(DataType.LONG, 42L))
        .metadata("gpunit.config", "{\"lr\":0.0002}")
        .metadata("gpunit.rng.state", Long.toString(Long.MIN_VALUE))
        .build();
  }

  private static void assertSameCheckpoint(Checkpoint actual, Checkpoint expected) {
    assertThat(actual.step()).isEqualTo(expected.step());
    assertThat(actual.metadata()).isEqualTo(expected.metadata());
    assertThat(actual.tensorNames()).containsExactlyInAnyOrderElementsOf(expected.tensorNames());
    for (String name : expected.tensorNames()) {
      INDArray a = actual.tensor(name);
      INDArray e = expected.tensor(name);
      assertThat(a.dataType()).as(name).isEqualTo(e.dataType());
      assertThat(a.shape()).as(name).isEqualTo(e.shape());
      assertThat(a).as(name).isEqualTo(e);
    }
  }

  @Test
  void roundTripsTensorsAndMetadataBitForBit() throws IOException {
    CheckpointStore store = new CheckpointStore(dir.resolve("run/checkpoint.safetensors"));
    assertThat(store.exists()).isFalse();
    Checkpoint original = sample(17, 0.1f);
    store.save(original);
    Checkpoint loaded = store.load();
    assertSameCheckpoint(loaded, original);
    if (store.file().getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
          .isEqualTo("rw-r--r--");
    }
    assertThat(Float.floatToRawIntBits(loaded.tensor("g.w").getFloat(0, 1)))
        .isEqualTo(Float.floatToRawIntBits(-0.0f));
  }

  @Test
  void aFailureInTheMiddleOfAWriteLeavesThePreviousFileIntactAndNoTemporary() throws IOException {
    Path file = dir.resolve("checkpoint.safetensors");
    CheckpointStore store = new CheckpointStore(file);
    store.save(sample(1, 1f));
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      out.write(new byte[3 << 20]);
                      throw new IOException("disk full (simulated)");
                    }))
        .hasMessageContaining("disk full");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(listDir()).containsExactly("checkpoint.safetensors");
  }

  @Test
  void killingTheWriterProcessMidWriteLeavesThePreviousCheckpointLoadable() throws Exception {
    Path file = dir.resolve("checkpoint.safetensors");
    CheckpointStore store = new CheckpointStore(file);
    Checkpoint previous = sample(5, 2.5f);
    store.save(previous);
    int tensors = 16;
    long elements = 4L << 20; // 16 MiB per tensor, 256 MiB in all
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                CheckpointWriterProcess.class.getName(),
                file.toString(),
                Integer.toString(tensors),
                Long.toString(elements))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    Path partial = null;
    try {
      // Wait (bounded only by the child's life) until the child has written some bytes of the new
      // file.
      while (partial == null && child.isAlive()) {
        partial = temporaryWithData(file);
        Thread.onSpinWait();
      }
      child.destroyForcibly();
      child.waitFor(60, TimeUnit.SECONDS);
    } finally {
      child.destroyForcibly();
    }
    assertThat(partial)
        .as(
            "the child should be killed mid-write; its log:\n%s",
            Files.readString(dir.resolve("child.log")))
        .isNotNull();
    assertThat(Files.exists(partial)).as("the partial temporary file is left behind").isTrue();
    assertThat(Files.size(partial)).isLessThan(tensors * elements * 4);

    assertSameCheckpoint(store.load(), previous);

    // The next save cleans up what the killed writer left.
    store.save(sample(6, 3f));
    assertThat(store.load().step()).isEqualTo(6);
    assertThat(listDir()).containsExactlyInAnyOrder("checkpoint.safetensors", "child.log");
  }

  @Test
  void refusesAFileThatIsNotAGpunitCheckpoint() throws IOException {
    Path file = dir.resolve("weights.safetensors");
    io.gpunit.core.weights.SafeTensors.writer().add("w", Nd4j.createFromArray(1f)).write(file);
    assertThatThrownBy(() -> new CheckpointStore(file).load())
        .hasMessageContaining("is not a gpunit checkpoint");
    assertThatThrownBy(() -> new CheckpointStore(dir.resolve("none.safetensors")).load())
        .hasMessageContaining("no checkpoint at");
  }

  private Path temporaryWithData(Path file) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith("." + file.getFileName() + ".") && name.endsWith(".tmp")) {
          try {
            if (Files.size(p) > 0) {
              return p;
            }
          } catch (IOException vanished) {
            // Renamed or deleted between listing and size: keep looking.
          }
        }
      }
    }
    return null;
  }

  private List<String> listDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}

package io.gpunit.models.training.checkpoint;

import com.google.common.base.Preconditions;
import io.gpunit.core.io.AtomicFiles;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.core.weights.SafeTensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One checkpoint file: a single safetensors file holding every tensor of a {@link Checkpoint}, with
 * its metadata plus {@code gpunit.format} and {@code gpunit.step} in {@code __metadata__}. Each
 * save replaces the file through {@link AtomicFiles} (temporary file, fsync, atomic rename), so the
 * previous checkpoint stays whole until the new one is complete; an interrupted save never leaves a
 * partial file in its place.
 */
public final class CheckpointStore {

  public static final String FORMAT = "gpunit-checkpoint/1";
  static final String FORMAT_KEY = "gpunit.format";
  static final String STEP_KEY = "gpunit.step";

  private final Path file;

  public CheckpointStore(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
  }

  public Path file() {
    return file;
  }

  public boolean exists() {
    return Files.isRegularFile(file);
  }

  /** Writes {@code checkpoint}, replacing the previous one atomically. */
  public void save(Checkpoint checkpoint) {
    SafeTensorsWriter writer = SafeTensors.writer();
    writer.metadata(FORMAT_KEY, FORMAT);
    writer.metadata(STEP_KEY, Long.toString(checkpoint.step()));
    checkpoint
        .metadata()
        .forEach(
            (key, value) -> {
              Preconditions.checkArgument(
                  !key.equals(FORMAT_KEY) && !key.equals(STEP_KEY),
                  "metadata key '%s' is reserved",
                  key);
              writer.metadata(key, value);
            });
    writer.addAll(checkpoint.tensors());
    try {
      AtomicFiles.deleteStaleTemporaries(file);
      AtomicFiles.write(file, writer::writeTo);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the checkpoint; the file must exist and be a gpunit checkpoint. */
  public Checkpoint load() {
    if (!exists()) {
      throw new UncheckedIOException(
          new IOException("no checkpoint at " + file + " to resume from"));
    }
    SafeTensorsFile st = SafeTensors.read(file);
    String format = st.metadata().get(FORMAT_KEY);
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(
          file
              + " is not a gpunit checkpoint: metadata '"
              + FORMAT_KEY
              + "' is "
              + format
              + ", expected "
              + FORMAT);
    }
    String step = st.metadata().get(STEP_KEY);
    if (step == null) {
      throw new IllegalArgumentException(file + ": checkpoint has no '" + STEP_KEY + "' metadata");
    }
    Checkpoint.Builder b = Checkpoint.builder(Long.parseLong(step));
    st.metadata()
        .forEach(
            (key, value) -> {
              if (!key.equals(FORMAT_KEY) && !key.equals(STEP_KEY)) {
                b.metadata(key, value);
              }
            });
    for (String name : st.names()) {
      b.tensor(name, st.get(name));
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "CheckpointStore[" + file + "]";
  }
}

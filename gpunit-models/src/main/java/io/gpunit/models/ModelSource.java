package io.gpunit.models;

import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.core.weights.torch.CheckpointTooLargeException;
import io.gpunit.models.gpunit.OfficialCheckpoints;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Where {@link Translator.Builder} reads a model from, read only when the translator is built: a
 * model file, a URL, a stream, or the released PyTorch pair; every failure to read becomes a {@link
 * ModelLoadException} naming {@code description}.
 *
 * @param description the source, for messages
 * @param read reads the tensors
 */
record ModelSource(String description, Supplier<TensorSource> read) {

  ModelSource {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(read, "read");
  }

  /** A gpunit model file ({@code .safetensors}); a {@code .pt} file is refused with the remedy. */
  static ModelSource file(Path file) {
    Objects.requireNonNull(file, "file");
    return new ModelSource(
        file.toString(),
        () -> {
          requireFile(file);
          String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
          if (name.endsWith(".pt") || name.endsWith(".pth")) {
            throw new ModelLoadException(
                file.toString(),
                "official PyTorch checkpoints come in two files: use loadOfficial("
                    + "content_encoder.pt, task.pt), or convert them (gpunit convert)");
          }
          return SafeTensors.read(file);
        });
  }

  /**
   * The released {@code content_encoder.pt} and task file, read with a restricted unpickler that
   * never runs code from the files and refuses storages above {@code budget} bytes.
   */
  static ModelSource official(Path contentEncoderPt, Path taskPt, LongSupplier budget) {
    Objects.requireNonNull(contentEncoderPt, "contentEncoderPt");
    Objects.requireNonNull(taskPt, "taskPt");
    String description = contentEncoderPt + " + " + taskPt;
    return new ModelSource(
        description,
        () -> {
          requireFile(contentEncoderPt);
          requireFile(taskPt);
          try {
            return OfficialCheckpoints.read(contentEncoderPt, taskPt, budget.getAsLong());
          } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CheckpointTooLargeException) {
              throw new ModelTooLargeException(description, e.getMessage(), e.getCause());
            }
            throw new ModelLoadException(description, e.getMessage(), e);
          } catch (IllegalArgumentException e) {
            throw new ModelLoadException(description, e.getMessage(), e);
          }
        });
  }

  /** A model file read from {@code url}. */
  static ModelSource url(URL url) {
    Objects.requireNonNull(url, "url");
    return new ModelSource(
        url.toString(),
        () -> {
          try (InputStream in = url.openStream()) {
            return SafeTensors.read(in, url.toString());
          } catch (IOException e) {
            throw new ModelLoadException(url.toString(), "cannot read: " + e, e);
          }
        });
  }

  /** A model file read from {@code in} (to its end, not closed). */
  static ModelSource stream(InputStream in) {
    Objects.requireNonNull(in, "in");
    return new ModelSource("<stream>", () -> SafeTensors.read(in, "<stream>"));
  }

  private static void requireFile(Path file) {
    if (!Files.exists(file)) {
      throw new ModelLoadException(file.toString(), "no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(file.toString(), "not a regular file");
    }
  }
}

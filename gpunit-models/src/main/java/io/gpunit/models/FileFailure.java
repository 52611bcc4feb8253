package io.gpunit.models;

import io.gpunit.core.image.ImageReadException;
import java.nio.file.Path;

/** A file of a batch that could not be read, translated or written, and why. */
public record FileFailure(Path file, RuntimeException error) {

  /** What went wrong, without the file name (which {@link #file()} gives). */
  public String reason() {
    if (error instanceof ImageReadException e) {
      return e.problem();
    }
    String message = error.getMessage();
    return message == null ? error.toString() : message.replace(file.toString() + ": ", "");
  }

  /** {@code file: reason}, one line. */
  @Override
  public String toString() {
    return file + ": " + reason().replace('\n', ' ');
  }
}

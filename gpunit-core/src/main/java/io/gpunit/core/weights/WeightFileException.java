package io.gpunit.core.weights;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A weight file that cannot be read or written: malformed, truncated, inconsistent, or an I/O
 * failure. Unchecked, like every error of this package; the message always starts with the source
 * (the file's path, or a description of the stream or byte array) so a failing load says which file
 * is at fault.
 */
public final class WeightFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path path;
  private final String source;

  WeightFileException(String source, Path path, String message, Throwable cause) {
    super(source + ": " + message, cause);
    this.source = source;
    this.path = path;
  }

  WeightFileException(String source, Path path, String message) {
    this(source, path, message, null);
  }

  /** The file at fault; empty when the data came from a stream or a byte array. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** The file's path, or a description of the stream or byte array the data came from. */
  public String source() {
    return source;
  }
}

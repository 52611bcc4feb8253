package io.gpunit.models;

/**
 * A model that cannot be loaded: the file is missing, unreadable or corrupt, or it holds tensors of
 * another kind of model. The message names the source and what was expected; the cause (if any) is
 * the underlying I/O or weight-file error.
 */
public final class ModelLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ModelLoadException(String source, String problem) {
    super(source + ": " + problem);
  }

  public ModelLoadException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
  }
}

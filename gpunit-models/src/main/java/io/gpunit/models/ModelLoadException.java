package io.gpunit.models;

/**
 * A model that cannot be loaded: the file is missing, unreadable or corrupt, or it holds tensors of
 * another kind of model. The message names the source and what was expected; the cause (if any) is
 * the underlying I/O or weight-file error.
 */
public class ModelLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final String problem;

  public ModelLoadException(String source, String problem) {
    this(source, problem, null);
  }

  public ModelLoadException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
    this.problem = problem;
  }

  /** The file, URL or stream that failed to load. */
  public String source() {
    return source;
  }

  /** What is wrong with it, without the source. */
  public String problem() {
    return problem;
  }
}

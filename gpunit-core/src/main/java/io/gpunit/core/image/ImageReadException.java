package io.gpunit.core.image;

/**
 * An image file or stream could not be decoded: it is missing, empty, corrupt, in a format no
 * ImageIO reader handles, has no pixels, ends early ({@link DecodeOptions#allowTruncated()}) or is
 * too large ({@link ImageTooLargeException}). The message names the source.
 */
public class ImageReadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final String problem;

  public ImageReadException(String source, String problem) {
    this(source, problem, null);
  }

  public ImageReadException(String source, String problem, Throwable cause) {
    super("cannot read image " + source + ": " + problem, cause);
    this.source = source;
    this.problem = problem;
  }

  /** What is wrong, without the source. */
  public String problem() {
    return problem;
  }

  /** The file path or stream name that failed. */
  public String source() {
    return source;
  }
}

package io.gpunit.core.image;

/**
 * An image file or stream could not be decoded: it is missing, empty, corrupt, in a format no
 * ImageIO reader handles, or has no pixels. The message names the source.
 */
public final class ImageReadException extends RuntimeException {

  private final String source;

  public ImageReadException(String source, String problem) {
    super("cannot read image " + source + ": " + problem);
    this.source = source;
  }

  public ImageReadException(String source, String problem, Throwable cause) {
    super("cannot read image " + source + ": " + problem, cause);
    this.source = source;
  }

  /** The file path or stream name that failed. */
  public String source() {
    return source;
  }
}

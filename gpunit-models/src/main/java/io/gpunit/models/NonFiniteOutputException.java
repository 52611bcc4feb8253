package io.gpunit.models;

/**
 * The model produced NaN or infinite values (broken or diverged weights, or an input it cannot
 * handle). An {@link IllegalStateException} as before, so existing handlers still catch it; a
 * service can map it to "422 Unprocessable" or "500" as it sees fit.
 */
public final class NonFiniteOutputException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public NonFiniteOutputException(String message) {
    super(message);
  }
}

package io.gpunit.core.data;

/** A background loader failed; the cause is the loader's own exception. */
public final class DataLoadingException extends RuntimeException {

  public DataLoadingException(String message, Throwable cause) {
    super(message, cause);
  }

  public DataLoadingException(String message) {
    super(message);
  }
}

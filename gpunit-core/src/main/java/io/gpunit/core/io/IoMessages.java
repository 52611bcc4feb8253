package io.gpunit.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One-line descriptions of I/O failures. NIO's exceptions carry the path as their whole message
 * ({@code AccessDeniedException: /out}), which tells a user where but not what; these say both.
 */
public final class IoMessages {

  private IoMessages() {}

  /** {@code <path>: <reason>}, e.g. {@code /out: permission denied}. */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException fs && fs.getFile() != null) {
      String where = fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile());
      return where + ": " + reason(fs);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The description of the I/O failure inside {@code e}, or its own message. */
  public static String describe(UncheckedIOException e) {
    String own = e.getMessage();
    String cause = describe(e.getCause());
    return own == null || own.contains(cause) ? cause : own;
  }

  private static String reason(FileSystemException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
  }
}

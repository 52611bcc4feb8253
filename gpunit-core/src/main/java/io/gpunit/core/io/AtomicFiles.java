package io.gpunit.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

/**
 * Crash-safe file replacement: the content goes to a temporary file in the target's directory, is
 * flushed to disk ({@code fsync}), and is renamed over the target with {@code ATOMIC_MOVE}; the
 * directory is then synced so the rename itself survives a power cut. Until the rename the previous
 * file is untouched, so a process killed mid-write leaves the old file intact plus a stray
 * temporary file ({@code .<name>.<random>.tmp}), which {@link #deleteStaleTemporaries} removes.
 */
public final class AtomicFiles {

  /** Writes the content; the stream is buffered and must not be closed by the body. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Replaces {@code target} by what {@code body} writes, atomically and durably. */
  public static void write(Path target, Body body) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, tempPrefix(absolute), ".tmp");
    boolean moved = false;
    try {
      readableByAll(tmp);
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
        body.writeTo(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(
            tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(
            "the file system of "
                + dir
                + " cannot rename atomically; refusing to risk a partial "
                + absolute,
            e);
      }
      moved = true;
      syncDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Deletes the temporary files that writers of {@code target} killed mid-write left behind. */
  public static void deleteStaleTemporaries(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (!Files.isDirectory(dir)) {
      return;
    }
    String prefix = tempPrefix(absolute);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(".tmp")) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /**
   * Deletes, in {@code dir}, every temporary file of this class's naming ({@code
   * .<name>.<digits>.tmp}) whose name ends in {@code .<extension>.<digits>.tmp}: what writers
   * killed mid-write left there, whatever their target. Meant for the start of a run that owns the
   * folder's outputs of that type; a concurrent writer of the same type in the same folder would
   * lose its temporary file. Returns how many were deleted.
   */
  public static int deleteStaleTemporariesIn(Path dir, String extension) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    Pattern ours = Pattern.compile("\\..+\\." + Pattern.quote(extension) + "\\.[0-9]+\\.tmp");
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        if (ours.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
          deleted += Files.deleteIfExists(p) ? 1 : 0;
        }
      }
    }
    return deleted;
  }

  /**
   * A temporary file is created owner-only (rw-------); the file it becomes should be as readable
   * as any other output (rw-r--r--). Skipped where the file system has no POSIX permissions.
   */
  private static void readableByAll(Path tmp) throws IOException {
    if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  private static String tempPrefix(Path absolute) {
    return "." + absolute.getFileName() + ".";
  }

  /** Makes the rename durable; some platforms cannot open a directory, where this is skipped. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory as a channel; the rename is still atomic there.
    }
  }
}

package io.gpunit.examples.cli;

import io.gpunit.core.io.AtomicFiles;
import io.gpunit.core.io.IoMessages;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --out} folder of a command that writes images, checked before any work starts: it
 * must be a folder (or creatable as one) that a file can be created in, so a run fails in its first
 * second rather than after translating everything. Stale temporaries that a killed earlier run
 * left are deleted, and folders this run created are removed again if it wrote nothing there.
 */
final class OutputFolder {

  private final Path dir;
  private final List<Path> created;

  private OutputFolder(Path dir, List<Path> created) {
    this.dir = dir;
    this.created = created;
  }

  /**
   * @throws IllegalArgumentException naming {@code --out} and the cause, e.g. permission denied
   */
  static OutputFolder prepare(Path dir, String extension) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--out " + dir + ": is a file, not a folder");
    }
    List<Path> created = missingAncestors(dir);
    OutputFolder folder = new OutputFolder(dir, created);
    try {
      Files.createDirectories(dir);
      Files.delete(Files.createTempFile(dir, ".gpunit-probe.", ".tmp"));
      AtomicFiles.deleteStaleTemporariesIn(dir, extension);
    } catch (IOException e) {
      folder.removeIfUnused();
      throw new IllegalArgumentException(
          "--out " + dir + ": cannot write there (" + IoMessages.describe(e) + ")", e);
    }
    return folder;
  }

  Path dir() {
    return dir;
  }

  /** Removes the folders {@link #prepare} created, deepest first, as long as they are empty. */
  void removeIfUnused() {
    for (Path p : created) {
      try {
        if (Files.isDirectory(p) && isEmpty(p)) {
          Files.delete(p);
        }
      } catch (IOException e) {
        return; // Left in place; an empty folder is untidy, not harmful.
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    }
  }

  /** {@code dir} and its ancestors that do not exist yet, deepest first. */
  private static List<Path> missingAncestors(Path dir) {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(p);
    }
    return missing;
  }
}

package io.gpunit.models;

import io.gpunit.core.image.ImageReadException;
import io.gpunit.core.io.IoMessages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The loop behind {@link Translator#processFiles}: one unreadable or untranslatable file must not
 * cost the others their results, so per-file failures are collected, not thrown (unless fail-fast).
 */
final class FileBatch {

  private FileBatch() {}

  static BatchReport run(
      List<Path> files,
      boolean failFast,
      Function<Path, BufferedImage> reader,
      Translator.FileAction action) {
    List<Path> succeeded = new ArrayList<>();
    List<FileFailure> failures = new ArrayList<>();
    for (Path file : files) {
      try {
        action.accept(file, reader.apply(file));
        succeeded.add(file);
      } catch (ImageReadException | NonFiniteOutputException | UncheckedIOException e) {
        if (failFast) {
          throw e;
        }
        failures.add(new FileFailure(file, e));
      } catch (IOException e) {
        UncheckedIOException wrapped =
            new UncheckedIOException(file + ": " + IoMessages.describe(e), e);
        if (failFast) {
          throw wrapped;
        }
        failures.add(new FileFailure(file, wrapped));
      }
    }
    return new BatchReport(succeeded, failures);
  }
}

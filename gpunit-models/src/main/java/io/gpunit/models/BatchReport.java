package io.gpunit.models;

import java.nio.file.Path;
import java.util.List;

/** The outcome of a batch over files: those handled, and those that failed with their reasons. */
public record BatchReport(List<Path> succeeded, List<FileFailure> failures) {

  public BatchReport {
    succeeded = List.copyOf(succeeded);
    failures = List.copyOf(failures);
  }

  /** Whether every file was handled. */
  public boolean allSucceeded() {
    return failures.isEmpty();
  }
}

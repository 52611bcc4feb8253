package io.gpunit.examples.cli;

import io.gpunit.core.image.ImageReadException;
import io.gpunit.core.io.IoMessages;
import io.gpunit.core.weights.WeightFileException;
import io.gpunit.core.weights.WeightLoadException;
import io.gpunit.models.ModelLoadException;
import io.gpunit.models.NonFiniteOutputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * Runs a subcommand's work and turns every failure into exit code {@value #EXIT_BAD_INPUT} with one
 * line on stderr: bad input (a missing or corrupt model or image, an invalid argument value, a
 * style asked of a unimodal model, an unwritable output) as its message, an I/O error with its
 * path and cause, anything else as an unexpected error. Stack traces and multi-line details are
 * printed only with {@code --verbose}.
 */
final class BadInput {

  static final int EXIT_BAD_INPUT = 1;

  /** A multi-line message (e.g. a weight load's problem list) keeps this many detail lines. */
  private static final int DETAIL_LINES = 5;

  private static final String TRACE = " (--verbose prints the stack trace)";

  private BadInput() {}

  static int guard(String command, PrintWriter err, boolean verbose, Callable<Integer> work)
      throws Exception {
    try {
      return work.call();
    } catch (ModelLoadException
        | ImageReadException
        | WeightFileException
        | WeightLoadException
        | IllegalArgumentException
        | UnsupportedOperationException
        | NonFiniteOutputException e) {
      return report(command, err, verbose, e.getMessage(), e);
    } catch (UncheckedIOException e) {
      return report(command, err, verbose, IoMessages.describe(e), e);
    } catch (IOException e) {
      return report(command, err, verbose, IoMessages.describe(e), e);
    } catch (OutOfMemoryError e) {
      return report(
          command,
          err,
          verbose,
          "out of memory (" + e.getMessage() + "); try a larger -Xmx" + TRACE,
          e);
    } catch (RuntimeException e) {
      return report(command, err, verbose, "unexpected error: " + e + TRACE, e);
    }
  }

  private static int report(
      String command, PrintWriter err, boolean verbose, String message, Throwable e) {
    err.println("gpunit " + command + ": " + (verbose ? message : oneLine(message)));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return EXIT_BAD_INPUT;
  }

  /** The first line and up to {@value #DETAIL_LINES} detail lines, joined with "; ". */
  static String oneLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    String[] lines =
        Arrays.stream(message.split("\\R")).map(String::strip).filter(l -> !l.isEmpty())
            .toArray(String[]::new);
    if (lines.length <= 1 + DETAIL_LINES) {
      return String.join("; ", lines);
    }
    return String.join("; ", Arrays.copyOf(lines, 1 + DETAIL_LINES))
        + "; and " + (lines.length - 1 - DETAIL_LINES) + " more (--verbose lists them all)";
  }
}

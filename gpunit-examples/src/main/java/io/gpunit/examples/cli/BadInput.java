package io.gpunit.examples.cli;

import io.gpunit.core.image.ImageReadException;
import io.gpunit.core.weights.WeightFileException;
import io.gpunit.core.weights.WeightLoadException;
import io.gpunit.models.ModelLoadException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Runs a subcommand's work and turns bad input (a missing or corrupt model or image, an invalid
 * argument value, a style asked of a unimodal model) into exit code {@value #EXIT_BAD_INPUT} with
 * one line on stderr; the stack trace is printed only with {@code --verbose}. Other exceptions are
 * bugs and propagate to picocli.
 */
final class BadInput {

  static final int EXIT_BAD_INPUT = 1;

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
        | UnsupportedOperationException e) {
      err.println("gpunit " + command + ": " + e.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      return EXIT_BAD_INPUT;
    }
  }
}

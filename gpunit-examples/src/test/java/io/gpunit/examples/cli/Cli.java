package io.gpunit.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the gpunit command line in-process and finds the shared fixtures, for the CLI tests. */
final class Cli {

  /** Exit code, stdout and stderr of one command line. */
  record Run(int exit, String out, String err) {}

  private Cli() {}

  static Run gpunit(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new GpunitCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /**
   * {@code gpunit train} of a width-8 CycleGAN on synthetic CAT → CAR, batch 1, into {@code out}:
   * the quickest real model file a CLI test can make; {@code extra} adds flags (e.g. --resume).
   */
  static Run trainTinyCycleGan(Path out, int size, int steps, String... extra) {
    return trainTiny("cyclegan", out, size, steps, extra);
  }

  /** {@code gpunit train --arch ARCH} on CAT → CAR at {@code size}², batch 1, into {@code out}. */
  static Run trainTiny(String architecture, Path out, int size, int steps, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--arch",
                architecture,
                "--synthetic",
                "CAT,CAR",
                "--size",
                Integer.toString(size),
                "--steps",
                Integer.toString(steps),
                "--batch",
                "1",
                "--no-progress",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return gpunit(args.toArray(String[]::new));
  }

  /** {@code ../shared/fixtures}, as Surefire passes it; fails (never skips) when it is not set. */
  static Path fixtures() {
    String root = System.getProperty("gpunit.fixtures.dir");
    if (root == null || root.isBlank()) {
      throw new IllegalStateException(
          "system property gpunit.fixtures.dir is not set; run through Maven (Surefire sets it)");
    }
    return Paths.get(root).toAbsolutePath();
  }
}

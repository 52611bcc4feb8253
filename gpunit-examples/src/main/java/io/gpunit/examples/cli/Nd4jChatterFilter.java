package io.gpunit.examples.cli;

import java.io.PrintStream;

/**
 * Standard output without ND4J M2.1's debugging chatter: SameDiff prints one "Added differentiated
 * op …" line per op to {@code System.out} whenever it builds a gradient function, thousands of
 * lines for a training graph, which would bury the progress bars and the results.
 */
final class Nd4jChatterFilter extends PrintStream {

  private static final String CHATTER = "Added differentiated op ";

  Nd4jChatterFilter(PrintStream out) {
    super(out, true);
  }

  @Override
  public void println(String line) {
    if (line == null || !line.startsWith(CHATTER)) {
      super.println(line);
    }
  }
}

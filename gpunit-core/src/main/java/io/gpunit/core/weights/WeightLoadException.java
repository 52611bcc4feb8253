package io.gpunit.core.weights;

/**
 * A strict load found tensors that do not fit the graph. The message lists every problem at once
 * (missing, unexpected, shape-mismatched and conflicting keys, with shapes); {@link #report()} holds
 * them as data. Thrown before any variable is modified.
 */
public final class WeightLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient LoadReport report;

  WeightLoadException(String source, LoadReport report) {
    super(
        "cannot load "
            + source
            + ": "
            + (report.missing().size() + report.unexpected().size()
                + report.shapeMismatches().size() + report.conflicts().size())
            + " problem(s)\n"
            + report.describeProblems());
    this.report = report;
  }

  public LoadReport report() {
    return report;
  }
}

package io.gpunit.core.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What a load matched and what it did not: loaded (key → variable), missing variables (no key
 * maps to them), unexpected keys (they map to no variable), shape mismatches, conflicts (several
 * keys map to one variable) and ignored keys (dropped by the mapping). Immutable.
 */
public record LoadReport(
    List<Binding> loaded,
    List<Missing> missing,
    List<Unexpected> unexpected,
    List<ShapeMismatch> shapeMismatches,
    List<Conflict> conflicts,
    List<String> ignored) {

  /** Tensor {@code key} of the source was (or, strictly, will be) loaded into {@code variable}. */
  public record Binding(String key, String variable) {}

  /** No key maps to {@code variable}. */
  public record Missing(String variable, List<Long> shape) {}

  /** Source tensor {@code key} maps to {@code mappedName}, which is not a variable of the graph. */
  public record Unexpected(String key, String mappedName, List<Long> shape) {}

  /** Source tensor {@code key} maps to {@code variable} but the shapes differ. */
  public record ShapeMismatch(
      String key, String variable, List<Long> keyShape, List<Long> variableShape) {}

  /** Several source tensors map to the same variable, which is therefore not loaded. */
  public record Conflict(String variable, List<String> keys) {}

  public LoadReport {
    loaded = List.copyOf(loaded);
    missing = List.copyOf(missing);
    unexpected = List.copyOf(unexpected);
    shapeMismatches = List.copyOf(shapeMismatches);
    conflicts = List.copyOf(conflicts);
    ignored = List.copyOf(ignored);
  }

  /** True when every variable got exactly one tensor of its shape and every key was used or ignored. */
  public boolean isComplete() {
    return missing.isEmpty()
        && unexpected.isEmpty()
        && shapeMismatches.isEmpty()
        && conflicts.isEmpty();
  }

  /** One line per problem, each with its shapes; empty when complete. */
  public String describeProblems() {
    List<String> lines = new ArrayList<>();
    section(lines, "missing", missing, m -> "variable '" + m.variable() + "' " + m.shape());
    section(
        lines,
        "unexpected",
        unexpected,
        u -> "key '" + u.key() + "' " + u.shape()
            + (u.key().equals(u.mappedName()) ? "" : " (mapped to '" + u.mappedName() + "')"));
    section(
        lines,
        "shape mismatch",
        shapeMismatches,
        s -> "key '" + s.key() + "' " + s.keyShape() + " vs variable '" + s.variable() + "' "
            + s.variableShape());
    section(
        lines,
        "conflict",
        conflicts,
        c -> "variable '" + c.variable() + "' is the target of keys " + c.keys());
    return String.join("\n", lines);
  }

  private static <T> void section(
      List<String> lines, String title, List<T> items, Function<T, String> describe) {
    for (T item : items) {
      lines.add("  " + title + ": " + describe.apply(item));
    }
  }

  static List<Long> shapeList(long[] shape) {
    return Arrays.stream(shape).boxed().toList();
  }

  @Override
  public String toString() {
    return "LoadReport[loaded=" + loaded.size() + ", ignored=" + ignored.size()
        + (isComplete() ? "" : "\n" + describeProblems()) + "]";
  }
}

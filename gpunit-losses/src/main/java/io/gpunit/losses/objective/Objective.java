package io.gpunit.losses.objective;

import com.google.common.base.Preconditions;
import io.gpunit.losses.Loss;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training objective: the weighted sum of named terms,
 *
 * <pre>
 *   L_total = Σₖ λₖ · Lₖ
 * </pre>
 *
 * built once into a SameDiff graph. It returns the total as a scalar variable (to optimise) and,
 * from an output map of one step, each term's raw value Lₖ and weighted value λₖ·Lₖ (to log and
 * plot); {@link #outputNames()} lists what to request.
 *
 * <p>A term is either the output of a {@link Loss} (already weighted; its raw value is found beside
 * it as {@code <name>/raw}) or any scalar with a weight given here.
 */
public final class Objective {

  /** One term: its name and the graph variables holding its raw and weighted values. */
  public record Term(String name, String rawVariable, String weightedVariable) {}

  /** A term's value in one step. */
  public record TermValue(double raw, double weighted) {}

  private final SDVariable total;
  private final List<Term> terms;

  private Objective(SDVariable total, List<Term> terms) {
    this.total = total;
    this.terms = Collections.unmodifiableList(terms);
  }

  public static Builder builder(SameDiff sd) {
    Preconditions.checkArgument(sd != null, "sd must not be null");
    return new Builder(sd);
  }

  /** The total Σₖ λₖ·Lₖ, a scalar variable of the graph. */
  public SDVariable total() {
    return total;
  }

  /** The terms in the order they were added. */
  public List<Term> terms() {
    return terms;
  }

  /** Every variable {@link #report} and {@link #totalValue} read: the total and each term's two. */
  public List<String> outputNames() {
    Set<String> names = new LinkedHashSet<>();
    names.add(total.name());
    for (Term t : terms) {
      names.add(t.rawVariable());
      names.add(t.weightedVariable());
    }
    return new ArrayList<>(names);
  }

  /** Each term's raw and weighted value, in term order, read from one step's output map. */
  public Map<String, TermValue> report(Map<String, INDArray> outputs) {
    Map<String, TermValue> values = new LinkedHashMap<>();
    for (Term t : terms) {
      values.put(
          t.name(),
          new TermValue(read(outputs, t.rawVariable()), read(outputs, t.weightedVariable())));
    }
    return values;
  }

  /** The total's value read from one step's output map. */
  public double totalValue(Map<String, INDArray> outputs) {
    return read(outputs, total.name());
  }

  private static double read(Map<String, INDArray> outputs, String name) {
    INDArray value = outputs.get(name);
    Preconditions.checkArgument(
        value != null,
        "the output map has no '%s'; request every name of Objective.outputNames()",
        name);
    Preconditions.checkArgument(
        value.length() == 1, "'%s' must be a scalar, got shape %s", name, value.shapeInfoToString());
    return value.getDouble(0);
  }

  /** Collects terms; {@link #build} adds the total to the graph. */
  public static final class Builder {
    private final SameDiff sd;
    private final List<Term> terms = new ArrayList<>();
    private final List<SDVariable> weightedTerms = new ArrayList<>();

    private Builder(SameDiff sd) {
      this.sd = sd;
    }

    /** Adds a loss's output under the name it carries ({@code "l1"}, {@code "l1_1"}, ...). */
    public Builder add(SDVariable lossOutput) {
      return add(lossOutput.name(), lossOutput);
    }

    /**
     * Adds a {@link Loss}'s (already weighted) output under {@code name}; a scalar that no loss made
     * is added as it is, with weight 1.
     */
    public Builder add(String name, SDVariable lossOutput) {
      checkScalarOfThisGraph(lossOutput);
      String rawName = Loss.rawName(lossOutput.name());
      String raw = sd.hasVariable(rawName) ? rawName : lossOutput.name();
      return addTerm(new Term(name, raw, lossOutput.name()), lossOutput);
    }

    /** Adds {@code weight · raw} under {@code name}. */
    public Builder add(String name, double weight, SDVariable raw) {
      checkScalarOfThisGraph(raw);
      Preconditions.checkArgument(Double.isFinite(weight), "weight of '%s' must be finite", name);
      SDVariable weighted = raw.mul(weight);
      return addTerm(new Term(name, raw.name(), weighted.name()), weighted);
    }

    private Builder addTerm(Term term, SDVariable weighted) {
      Preconditions.checkArgument(
          term.name() != null && !term.name().isBlank(), "term name must not be empty");
      Preconditions.checkArgument(
          terms.stream().noneMatch(t -> t.name().equals(term.name())),
          "the objective already has a term named '%s'",
          term.name());
      terms.add(term);
      weightedTerms.add(weighted);
      return this;
    }

    private void checkScalarOfThisGraph(SDVariable v) {
      Preconditions.checkArgument(v != null, "term must not be null");
      Preconditions.checkArgument(
          v.getSameDiff() == sd, "'%s' belongs to another SameDiff graph", v.name());
      long[] shape = v.getShape();
      Preconditions.checkArgument(
          shape == null || shape.length == 0 || (shape.length == 1 && shape[0] == 1),
          "term '%s' must be a scalar, got shape %s",
          v.name(),
          java.util.Arrays.toString(shape));
    }

    /** Adds the total, named {@code totalName}, to the graph. */
    public Objective build(String totalName) {
      Preconditions.checkState(!terms.isEmpty(), "an objective needs at least one term");
      Preconditions.checkArgument(
          !sd.hasVariable(totalName), "the graph already has a variable named '%s'", totalName);
      SDVariable sum = weightedTerms.get(0);
      for (int i = 1; i < weightedTerms.size(); i++) {
        sum = sum.add(weightedTerms.get(i));
      }
      SDVariable total = weightedTerms.size() == 1 ? sd.identity(totalName, sum) : sum.rename(totalName);
      return new Objective(total, new ArrayList<>(terms));
    }
  }
}

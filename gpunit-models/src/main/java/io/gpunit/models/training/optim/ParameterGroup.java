package io.gpunit.models.training.optim;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trainable parameters of one network in a graph, e.g. every variable under {@code "g."} — what
 * PyTorch gets from {@code netG.parameters()}. Buffers ({@link Scope#buffers()}: spectral-norm
 * {@code u, v}, running statistics) are excluded: they are state, not parameters, and no optimiser
 * may touch them. Names are sorted (SameDiff does not keep creation order), so iteration is
 * deterministic.
 */
public final class ParameterGroup {

  private final SameDiff sd;
  private final String prefix;
  private final List<String> names;

  private ParameterGroup(SameDiff sd, String prefix, List<String> names) {
    this.sd = sd;
    this.prefix = prefix;
    this.names = List.copyOf(names);
  }

  /**
   * Every trainable variable of {@code root}'s graph whose name starts with {@code prefix} ({@code
   * ""} for all of them), buffers excluded.
   */
  public static ParameterGroup withPrefix(Scope root, String prefix) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(prefix, "prefix");
    SameDiff sd = root.sd();
    Set<String> buffers = new HashSet<>(root.buffers());
    List<String> names = new ArrayList<>();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE
          && v.name().startsWith(prefix)
          && !buffers.contains(v.name())) {
        names.add(v.name());
      }
    }
    Preconditions.checkArgument(
        !names.isEmpty(),
        "the graph has no trainable variable whose name starts with '%s'",
        prefix);
    Collections.sort(names);
    return new ParameterGroup(sd, prefix, names);
  }

  /** Exactly the named variables of {@code sd}, each of which must be a trainable variable. */
  public static ParameterGroup of(SameDiff sd, Collection<String> names) {
    Objects.requireNonNull(sd, "sd");
    Preconditions.checkArgument(!names.isEmpty(), "a parameter group needs at least one variable");
    Preconditions.checkArgument(
        new HashSet<>(names).size() == names.size(), "duplicate names in %s", names);
    for (String name : names) {
      Preconditions.checkArgument(sd.hasVariable(name), "the graph has no variable '%s'", name);
      VariableType type = sd.getVariable(name).getVariableType();
      Preconditions.checkArgument(
          type == VariableType.VARIABLE, "'%s' is a %s, not a trainable variable", name, type);
    }
    return new ParameterGroup(sd, "", List.copyOf(names));
  }

  public SameDiff sd() {
    return sd;
  }

  /** The prefix the group was selected by; empty for an explicit group. */
  public String prefix() {
    return prefix;
  }

  /** Full variable names: sorted for a prefix group, as given for an explicit one. */
  public List<String> names() {
    return names;
  }

  public boolean contains(String name) {
    return names.contains(name);
  }

  /** The live array of parameter {@code name}: writing to it changes the graph's value. */
  public INDArray array(String name) {
    Preconditions.checkArgument(names.contains(name), "'%s' is not in this parameter group", name);
    return sd.getArrForVarName(name);
  }

  /** Every parameter's live array, in order. */
  public Map<String, INDArray> arrays() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (String name : names) {
      out.put(name, sd.getArrForVarName(name));
    }
    return out;
  }

  /**
   * Copies this group's current values into the same-named variables of {@code other} (another
   * graph holding a copy of this network, e.g. the discriminator step's graph); call it after each
   * update. (M2.1's default array holder keeps a copy of an array it is given; graphs built by
   * {@code Scope.root} hold the array itself and could share one, but copying keeps each graph's
   * arrays its own.)
   */
  public void copyInto(SameDiff other) {
    for (String name : names) {
      Preconditions.checkArgument(
          other.hasVariable(name), "the other graph has no variable '%s' to copy into", name);
      INDArray source = sd.getArrForVarName(name);
      INDArray target = other.getArrForVarName(name);
      Preconditions.checkArgument(
          java.util.Arrays.equals(target.shape(), source.shape()),
          "'%s' has shape %s here and %s in the other graph",
          name,
          java.util.Arrays.toString(source.shape()),
          java.util.Arrays.toString(target.shape()));
      target.assign(source);
    }
  }

  /** The total number of scalar parameters. */
  public long count() {
    long n = 0;
    for (String name : names) {
      n += sd.getArrForVarName(name).length();
    }
    return n;
  }

  @Override
  public String toString() {
    return "ParameterGroup['" + prefix + "', " + names.size() + " variables]";
  }
}

package io.gpunit.models.training.checkpoint;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Scope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The variables of a graph that a checkpoint holds under their own names: parameters and buffers
 * alike (a resumed run needs the spectral-norm vectors and running statistics as much as the
 * weights). Loading assigns into the live arrays, so optimisers and graphs sharing them see the
 * restored values.
 */
public final class GraphVariables implements Stateful {

  private final SameDiff sd;
  private final List<String> names;

  private GraphVariables(SameDiff sd, List<String> names) {
    this.sd = sd;
    this.names = List.copyOf(names);
  }

  /**
   * Every variable (parameter or buffer) of {@code root}'s graph whose name starts with {@code
   * prefix}.
   */
  public static GraphVariables withPrefix(Scope root, String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    SameDiff sd = root.sd();
    List<String> names = new ArrayList<>();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE && v.name().startsWith(prefix)) {
        names.add(v.name());
      }
    }
    Preconditions.checkArgument(
        !names.isEmpty(), "the graph has no variable whose name starts with '%s'", prefix);
    Collections.sort(names);
    return new GraphVariables(sd, names);
  }

  /** Exactly the named variables of {@code sd}. */
  public static GraphVariables of(SameDiff sd, List<String> names) {
    for (String name : names) {
      Preconditions.checkArgument(sd.hasVariable(name), "the graph has no variable '%s'", name);
    }
    return new GraphVariables(sd, names);
  }

  public List<String> names() {
    return names;
  }

  @Override
  public void saveTo(Checkpoint.Builder checkpoint) {
    for (String name : names) {
      checkpoint.tensor(name, sd.getArrForVarName(name).dup());
    }
  }

  @Override
  public void loadFrom(Checkpoint checkpoint) {
    for (String name : names) {
      INDArray stored = checkpoint.tensor(name);
      INDArray live = sd.getArrForVarName(name);
      Preconditions.checkArgument(
          Arrays.equals(stored.shape(), live.shape()) && stored.dataType() == live.dataType(),
          "checkpoint variable '%s' is %s %s, the graph's is %s %s",
          name,
          stored.dataType(),
          Arrays.toString(stored.shape()),
          live.dataType(),
          Arrays.toString(live.shape()));
      live.assign(stored);
    }
  }
}

package io.gpunit.models.gpunit;

import io.gpunit.core.nn.Scope;
import io.gpunit.core.weights.TensorSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** TEMPORARY loader until the core ParameterStore lands. */
final class GpUnitWeights {

  private GpUnitWeights() {}

  static boolean ignored(String name) {
    return name.endsWith(".num_batches_tracked");
  }

  static void load(Scope scope, TensorSource weights) {
    Set<String> graph = new TreeSet<>();
    for (SDVariable v : scope.sd().variables()) {
      if (v.getVariableType() == VariableType.VARIABLE && !ignored(v.name())) {
        graph.add(v.name());
      }
    }
    List<String> problems = new ArrayList<>();
    Set<String> file = new TreeSet<>();
    for (String name : weights.names()) {
      if (!ignored(name)) {
        file.add(name);
      }
    }
    for (String name : graph) {
      if (!file.contains(name)) {
        problems.add("missing " + name);
      } else {
        long[] want = scope.sd().getVariable(name).getShape();
        long[] have = weights.shape(name);
        if (!Arrays.equals(want, have)) {
          problems.add(
              "shape " + name + " " + Arrays.toString(have) + " != " + Arrays.toString(want));
        }
      }
    }
    for (String name : file) {
      if (!graph.contains(name)) {
        problems.add("unexpected " + name);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    for (String name : graph) {
      INDArray value = weights.get(name).castTo(scope.dataType());
      scope.sd().getVariable(name).setArray(value);
    }
  }
}

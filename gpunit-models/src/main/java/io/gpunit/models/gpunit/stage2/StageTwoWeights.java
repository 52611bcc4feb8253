package io.gpunit.models.gpunit.stage2;

import com.google.common.base.Preconditions;
import io.gpunit.core.weights.KeyMapping;
import io.gpunit.core.weights.ParameterStore;
import io.gpunit.core.weights.TensorSource;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves one network's tensors between {@code state_dict} names ({@code model.0.weight_orig}) and a
 * stage-2 graph, where the network lives under a scope ({@code d.model.0.weight_orig}).
 */
final class StageTwoWeights {

  private StageTwoWeights() {}

  /**
   * Loads {@code weights} (local names; any float type, converted) into the variables under {@code
   * scope}: every variable, parameter or buffer, needs exactly one tensor of its shape and every
   * tensor a variable, or nothing is loaded and the error lists every mismatch.
   */
  static void load(SameDiff sd, String scope, Map<String, INDArray> weights) {
    ParameterStore.of(sd)
        .under(scope)
        .load(TensorSource.of(weights), KeyMapping.builder().addPrefix(scope + ".").build());
  }

  /**
   * Assigns every variable of {@code sd} under {@code prefix} from {@code weights} (full names).
   */
  static void assign(SameDiff sd, String prefix, Map<String, INDArray> weights) {
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE && v.name().startsWith(prefix)) {
        INDArray w = weights.get(v.name());
        Preconditions.checkArgument(w != null, "no tensor for variable '%s'", v.name());
        v.getArr().assign(w);
      }
    }
  }

  /** Copies of the variables of {@code sd} under {@code prefix}, keyed by local name. */
  static Map<String, INDArray> export(SameDiff sd, String prefix) {
    Map<String, INDArray> out = new TreeMap<>();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE && v.name().startsWith(prefix)) {
        out.put(v.name().substring(prefix.length()), v.getArr().dup());
      }
    }
    return out;
  }
}

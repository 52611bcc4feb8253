package io.gpunit.models.baselines;

import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.training.random.RandomArrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The official {@code weights_init(init_type)} of MUNIT / UNIT, applied to every convolution and
 * linear layer ({@code *.weight} of rank 4 or 2) under a prefix:
 *
 * <pre>
 * 'kaiming':  W ~ N(0, 2 / fan_in)     (kaiming_normal_, a = 0, mode fan_in)   generators
 * 'gaussian': W ~ N(0, 0.02²)                                                discriminators
 * b = 0
 * </pre>
 *
 * with fan_in = in·k·k. Norm parameters ({@code gamma}, {@code beta}) keep their own
 * initialisation. Values are drawn from a {@link SplitMix64} derived from (seed, name), so they do
 * not depend on graph order.
 */
public enum OfficialInit {
  KAIMING,
  GAUSSIAN;

  /**
   * Re-initialises every convolution and linear layer of {@code sd} whose name starts with {@code
   * prefix}.
   */
  public void apply(SameDiff sd, String prefix, long seed) {
    for (SDVariable v : sd.variables()) {
      String name = v.name();
      if (v.getVariableType() != VariableType.VARIABLE
          || !name.startsWith(prefix)
          || !name.endsWith(".weight")) {
        continue;
      }
      INDArray weight = v.getArr();
      if (weight.rank() != 4 && weight.rank() != 2) {
        continue;
      }
      long fanIn = weight.length() / weight.size(0);
      double std = this == KAIMING ? Math.sqrt(2.0 / fanIn) : 0.02;
      SplitMix64 rng = SplitMix64.derive(seed, SplitMix64.key(name));
      weight.assign(RandomArrays.gaussian(rng, weight.dataType(), weight.shape()).muli(std));
      String bias = name.substring(0, name.length() - "weight".length()) + "bias";
      if (sd.hasVariable(bias)) {
        sd.getArrForVarName(bias).assign(0);
      }
    }
  }
}

package io.gpunit.models.training;

import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.training.random.RandomArrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The official codes' re-initialisation of every convolution and linear layer under a prefix: MUNIT
 * / UNIT's {@code weights_init(init_type)} and GP-UNIT's {@code init_weights(init_type)} (SPADE's
 * {@code BaseNetwork}, which {@code train.py} calls as {@code init_weights('kaiming', 0.02)} on G
 * and D):
 *
 * <pre>
 * 'kaiming':  W ~ N(0, 2 / fan_in)     (kaiming_normal_, a = 0, mode fan_in)
 * 'gaussian': W ~ N(0, 0.02²)
 * b = 0
 * </pre>
 *
 * with fan_in = in·k·k, for every {@code *.weight} of rank 4 or 2 and every spectral-normalised
 * {@code *.weight_orig} (PyTorch's {@code module.weight} shares its storage until the first
 * forward, so the official init writes there). Every bias of those layers becomes 0, also GP-UNIT's
 * AdaIN biases, which their constructor set to γ = 1, β = 0. Norm parameters ({@code gamma}, {@code
 * beta}) keep their own initialisation. Values are drawn from a {@link SplitMix64} derived from
 * (seed, name), so they do not depend on graph order.
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
      String layer = layerOf(name);
      if (v.getVariableType() != VariableType.VARIABLE
          || !name.startsWith(prefix)
          || layer == null) {
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
      if (sd.hasVariable(layer + "bias")) {
        sd.getArrForVarName(layer + "bias").assign(0);
      }
    }
  }

  /** {@code "a.b."} for a weight {@code a.b.weight} or {@code a.b.weight_orig}, else null. */
  private static String layerOf(String name) {
    for (String suffix : new String[] {"weight", "weight_orig"}) {
      if (name.endsWith("." + suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return null;
  }
}

package io.gpunit.models.cyclegan;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Init;
import io.gpunit.core.nn.Scope;
import io.gpunit.models.training.optim.ParameterGroup;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The official {@code init_weights(net, 'normal', gain)}, applied after the networks are built as
 * there: every convolution weight (plain or transposed) is redrawn from N(0, gain²), every bias set
 * to 0. Draws are seeded by (seed, parameter name), so they do not depend on the order of the
 * parameters.
 */
final class NormalInit {

  private NormalInit() {}

  /** Re-initialises every trainable variable of {@code root}'s graph under {@code prefix}. */
  static void apply(Scope root, String prefix, double gain, long seed) {
    Preconditions.checkArgument(
        gain > 0 && Double.isFinite(gain), "init gain must be > 0, got %s", gain);
    Init normal = Init.normal(gain);
    for (Map.Entry<String, INDArray> p :
        ParameterGroup.withPrefix(root, prefix).arrays().entrySet()) {
      String name = p.getKey();
      INDArray array = p.getValue();
      if (name.endsWith(".bias")) {
        array.assign(0);
      } else {
        Preconditions.checkState(
            name.endsWith(".weight"), "'%s' is neither a weight nor a bias", name);
        Random random = new Random(seed * 1_000_003L + name.hashCode());
        array.assign(normal.create(array.shape(), array.dataType(), random));
      }
    }
  }
}

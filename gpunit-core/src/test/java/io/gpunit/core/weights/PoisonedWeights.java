package io.gpunit.core.weights;

import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Broken copies of model files, for tests of what a bad model does downstream. */
public final class PoisonedWeights {

  private PoisonedWeights() {}

  /**
   * A copy of {@code model} (metadata kept) whose floating-point tensors under {@code prefix} are
   * all NaN. (NaN biases alone can vanish through ReLUs; a whole network of NaN cannot. And {@code
   * x.mul(NaN)} is not NaN in ND4J M2.1, hence {@code valueArrayOf}.)
   */
  public static Path nanUnder(Path model, String prefix, Path out) {
    SafeTensorsFile weights = SafeTensors.read(model);
    SafeTensorsWriter writer = SafeTensors.writer();
    weights.metadata().forEach(writer::metadata);
    for (String name : weights.names()) {
      INDArray w = weights.get(name);
      boolean poisoned = name.startsWith(prefix) && w.dataType().isFPType();
      writer.add(name, poisoned ? Nd4j.valueArrayOf(w.shape(), Float.NaN, w.dataType()) : w);
    }
    writer.write(out);
    return out;
  }
}

package io.gpunit.models.baselines;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.weights.KeyMapping;
import io.gpunit.core.weights.ParameterStore;
import io.gpunit.core.weights.TensorSource;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The evaluation graph behind a baseline's {@code TranslationNetwork}: loads weights strictly
 * (every graph variable gets a tensor; keys the mapping keeps must all be used), checks inputs,
 * runs forward passes through {@link Inference#output} and refuses work once closed.
 */
public final class InferenceGraph {

  private final SameDiff sd;
  private final int imageSize;
  private boolean closed;

  /** Loads {@code weights} (through {@code mapping}) into {@code sd}'s variables. */
  public InferenceGraph(SameDiff sd, int imageSize, TensorSource weights, KeyMapping mapping) {
    this.sd = sd;
    this.imageSize = imageSize;
    ParameterStore.of(sd).load(weights, mapping);
  }

  public int imageSize() {
    return imageSize;
  }

  /** The value of {@code output} for the given placeholders. */
  public synchronized INDArray run(Map<String, INDArray> feed, String output) {
    Preconditions.checkState(!closed, "the network is closed");
    return Inference.output(sd, feed, output).get(output);
  }

  /** {@code images} as FLOAT after checking it is [N, 3, S, S]; {@code what} names it in errors. */
  public INDArray images(INDArray images, String what) {
    Preconditions.checkNotNull(images, "%s must not be null", what);
    long[] shape = images.shape();
    Preconditions.checkArgument(
        shape.length == 4 && shape[1] == 3 && shape[2] == imageSize && shape[3] == imageSize,
        "%s must be [N, 3, %s, %s], got %s",
        what,
        imageSize,
        imageSize,
        Arrays.toString(shape));
    return images.castTo(DataType.FLOAT);
  }

  public synchronized void close() {
    closed = true;
  }
}

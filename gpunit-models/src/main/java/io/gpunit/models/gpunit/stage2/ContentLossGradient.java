package io.gpunit.models.gpunit.stage2;

import com.google.common.base.Preconditions;
import io.gpunit.core.memory.Backprop;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.nn.Upsample;
import io.gpunit.losses.content.ContentLoss;
import io.gpunit.models.gpunit.ContentEncoder;
import io.gpunit.models.gpunit.ContentEncoderConfig;
import io.gpunit.models.gpunit.GpUnitConfig;
import io.gpunit.models.gpunit.SpectralNormVectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * GP-UNIT's stage-2 content loss and its gradient with respect to the generator's output ŷ, with
 * the frozen content encoder E<sub>c</sub> in inference mode (stored spectral-norm vectors, as
 * {@link GpUnitTrainer} runs it on x):
 *
 * <pre>
 *   L = λ_con · mean|E_c(resize_R(ŷ)) − c6_x|,      g = ∂L/∂ŷ
 * </pre>
 *
 * <p>Why this is not part of the generator's graph: ND4J 1.0.0-M2.1's gradient pass ({@code
 * calculateGradientsAndOutputs} → {@code AbstractSession.initSubgraph} → {@code
 * getVariableOutputOp} → {@code VariableUtils.stripVarSuffix}) walks the backward graph path by
 * path, and a gradient that crosses all six instance-normalised blocks of E<sub>c</sub> (many
 * re-convergent paths) does not finish in ten minutes — inside G's graph, and on a graph of E<sub>c
 * </sub> alone as well. So each block is a small graph of its own and backpropagation runs across
 * them by hand: forward h<sub>k</sub> = layer<sub>k</sub>(h<sub>k−1</sub>) block by block, then
 * g<sub>k−1</sub> = (∂h<sub>k</sub>/∂h<sub>k−1</sub>)ᵀ g<sub>k</sub> as the gradient of Σ h<sub>k
 * </sub> ⊙ g<sub>k</sub> with g<sub>k</sub> fed as a constant (the resize is part of block 1). The
 * trainer then puts the surrogate Σ ŷ ⊙ g into G's graph the same way: its gradient with respect to
 * G's parameters θ is (∂ŷ/∂θ)ᵀ g = ∂L/∂θ, the first-order chain rule, exact; its value is not L, so
 * the trainer reports {@link Result#value()}.
 */
final class ContentLossGradient {

  /** λ_con·L at one ŷ, and g = ∂(λ_con·L)/∂ŷ [N, 3, S, S]. */
  record Result(double value, INDArray gradient) {}

  private static final String INPUT = "input";
  private static final String UPSTREAM = "upstream";
  private static final String TARGET = "target";

  /**
   * One block's graph: a variable input set at every call, its output and a scalar to
   * differentiate.
   */
  private record Block(SameDiff sd, String output, String loss) {

    INDArray forward(INDArray input) {
      sd.getArrForVarName(INPUT).assign(input);
      return Inference.output(sd, Map.of(), output).get(output);
    }

    /** The gradient of the block's scalar w.r.t. {@code input}, and the scalar's value. */
    OutAndGrad backward(INDArray input, String fed, INDArray value) {
      sd.getArrForVarName(INPUT).assign(input);
      // A variable, not a placeholder: M2.1 returns no gradient for a placeholder here.
      return Backprop.outputsAndGradients(sd, Map.of(fed, value), List.of(loss), List.of(INPUT));
    }
  }

  private final List<Block> blocks = new ArrayList<>();
  private final long[] outputShape;
  private final long[] targetShape;

  /**
   * @param encoder E<sub>c</sub>'s widths and resolution R (ŷ is resized to R² in block 1)
   * @param weights E<sub>c</sub>'s weights under their local names ({@code layer1.0.conv…})
   * @param batch N
   * @param size S, the side of ŷ
   * @param lambda λ_con
   */
  ContentLossGradient(
      ContentEncoderConfig encoder,
      Map<String, INDArray> weights,
      int batch,
      int size,
      double lambda) {
    int r = encoder.resolution();
    this.outputShape = new long[] {batch, 3, size, size};
    int last = ContentEncoderConfig.blocks();
    this.targetShape = new long[] {batch, encoder.blockChannels(last), r / 32, r / 32};
    ContentEncoder network = new ContentEncoder(encoder);
    long[] in = outputShape;
    for (int k = 1; k <= last; k++) {
      Scope root = Scope.root(SameDiff.create(), Mode.INFERENCE, 0);
      SameDiff sd = root.sd();
      SDVariable h = sd.var(INPUT, DataType.FLOAT, in);
      if (k == 1 && size != r) {
        h = Upsample.bilinear(r, r).apply(h);
      }
      SDVariable out = network.block(root.child(GpUnitConfig.CONTENT_ENCODER), k, h);
      SDVariable scalar;
      if (k == last) {
        SDVariable target = sd.placeHolder(TARGET, DataType.FLOAT, targetShape);
        scalar = ContentLoss.builder().build().apply(sd, out, target).mul(lambda);
      } else {
        int side = r >> k;
        long[] shape = {batch, encoder.blockChannels(k), side, side};
        scalar = out.mul(sd.placeHolder(UPSTREAM, DataType.FLOAT, shape)).sum();
        in = shape;
      }
      sd.setLossVariables(scalar.name());
      FrozenContentEncoder.loadPrefixed(sd, GpUnitConfig.CONTENT_ENCODER + ".", weights);
      blocks.add(new Block(sd, out.name(), scalar.name()));
    }
  }

  /**
   * L and g at generator output {@code output} [N, 3, S, S] and input code {@code c6} [N, C, R/32,
   * R/32].
   */
  Result compute(INDArray output, INDArray c6) {
    check("output", output, outputShape);
    check("c6", c6, targetShape);
    int last = blocks.size() - 1;
    List<INDArray> inputs = new ArrayList<>();
    inputs.add(output);
    for (int k = 0; k < last; k++) {
      inputs.add(blocks.get(k).forward(inputs.get(k)));
    }
    OutAndGrad top = blocks.get(last).backward(inputs.get(last), TARGET, c6);
    double value = top.getOutputs().get(blocks.get(last).loss()).getDouble(0);
    INDArray g = top.getGradients().get(INPUT).dup();
    for (int k = last - 1; k >= 0; k--) {
      g = blocks.get(k).backward(inputs.get(k), UPSTREAM, g).getGradients().get(INPUT).dup();
    }
    return new Result(value, g);
  }

  /**
   * Makes every block use {@code vectors}' current spectral-norm vectors (see {@link
   * SpectralNormVectors}).
   */
  void useVectors(SpectralNormVectors vectors) {
    blocks.forEach(b -> vectors.writeTo(b.sd(), GpUnitConfig.CONTENT_ENCODER + "."));
  }

  /** The value of E<sub>c</sub>'s variable {@code name} (local name) in the graph holding it. */
  INDArray encoderValue(String name) {
    String full = GpUnitConfig.CONTENT_ENCODER + "." + name;
    return blocks.stream()
        .filter(b -> b.sd().hasVariable(full))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no content encoder variable " + name))
        .sd()
        .getArrForVarName(full)
        .dup();
  }

  private static void check(String what, INDArray array, long[] expected) {
    Preconditions.checkArgument(
        Arrays.equals(array.shape(), expected),
        "content loss: %s has shape %s, expected %s",
        what,
        Arrays.toString(array.shape()),
        Arrays.toString(expected));
  }
}

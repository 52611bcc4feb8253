package io.gpunit.models.gpunit;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * What the generator computes.
 *
 * @param image {@code tanh(rgb)} of the last layer built, [N, 3, S, S] (NCHW)
 * @param masks the dynamic-skip masks in layer order (16², 32²); empty without skips
 * @param layers every layer's output, layer 0 first
 *     <p>The masks and the layers' outputs are in the generator scope's {@link
 *     io.gpunit.core.nn.Layout}.
 */
public record GeneratorOutput(
    SDVariable image, List<SDVariable> masks, List<GeneratorLayer.Output> layers) {

  public GeneratorOutput {
    masks = List.copyOf(masks);
    layers = List.copyOf(layers);
  }
}

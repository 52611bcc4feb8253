package io.gpunit.models.munit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.weights.KeyMapping;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.models.ModelFile;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.models.baselines.InferenceGraph;
import io.gpunit.models.training.random.RandomArrays;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained MUNIT model translating A → B, multimodally:
 *
 * <pre>
 * y = G_b(E^c_a(x), s)     s = E^s_b(exemplar of B)  or  s ~ N(0, I)
 * </pre>
 *
 * (MUNIT's {@code test.py} with {@code a2b}). Weights are the official {@code state_dict} names of
 * {@link MunitTrainer#saveModel} / the released checkpoints: {@code gen_a.enc_content.*} and {@code
 * gen_b.{enc_style, dec, mlp}.*}; every other key of the file ({@code gen_a}'s style encoder and
 * decoder, {@code gen_b}'s content encoder, AdaIN running statistics, discriminators) is ignored.
 */
public final class MunitNetwork implements TranslationNetwork {

  private static final KeyMapping UNUSED =
      KeyMapping.builder()
          .ignoreRegex("gen_a\\.(enc_style|dec|mlp)\\..*")
          .ignoreRegex("gen_b\\.enc_content\\..*")
          .ignoreRegex("dis_[ab]\\..*")
          .ignoreRegex(".*\\.(running_mean|running_var|num_batches_tracked)")
          .build();

  private final AdaInGenerator.Shape shape;
  private final InferenceGraph graph;

  private MunitNetwork(AdaInGenerator.Shape shape, InferenceGraph graph) {
    this.shape = shape;
    this.graph = graph;
  }

  /**
   * The network for {@code imageSize}² images with the MUNIT weights of {@code weights}; sizes
   * (widths, blocks, style dimension) are read from the tensors.
   */
  public static MunitNetwork fromWeights(TensorSource weights, int imageSize) {
    AdaInGenerator.Shape shape = AdaInGenerator.Shape.infer(weights, "gen_b.");
    shape.checkImageSize(imageSize);
    AdaInGenerator generator = new AdaInGenerator(shape);
    Scope root = Scope.root(SameDiff.create(), Mode.INFERENCE, 0);
    SameDiff sd = root.sd();
    SDVariable content = sd.placeHolder("content", DataType.FLOAT, -1, 3, imageSize, imageSize);
    SDVariable style = sd.placeHolder("style", DataType.FLOAT, -1, shape.styleDim());
    SDVariable exemplar = sd.placeHolder("exemplar", DataType.FLOAT, -1, 3, imageSize, imageSize);
    SDVariable code = generator.encodeContent(root.child("gen_a"), content);
    sd.identity("translated", generator.decode(root.child("gen_b"), code, style));
    sd.identity("style_code", generator.encodeStyle(root.child("gen_b"), exemplar));
    return new MunitNetwork(shape, new InferenceGraph(sd, imageSize, weights, UNUSED));
  }

  @Override
  public String architecture() {
    return ModelFile.MUNIT;
  }

  @Override
  public int imageSize() {
    return graph.imageSize();
  }

  @Override
  public int styleDim() {
    return shape.styleDim();
  }

  /** The generators' sizes read from the weights. */
  public AdaInGenerator.Shape shape() {
    return shape;
  }

  @Override
  public INDArray translate(INDArray content, INDArray styleCodes) {
    INDArray x = graph.images(content, "content");
    Preconditions.checkNotNull(styleCodes, "MUNIT needs style codes: encodeStyle or sampleStyles");
    Preconditions.checkArgument(
        styleCodes.rank() == 2
            && styleCodes.size(0) == x.size(0)
            && styleCodes.size(1) == shape.styleDim(),
        "style codes must be [%s, %s] for %s content images, got %s",
        x.size(0),
        shape.styleDim(),
        x.size(0),
        Arrays.toString(styleCodes.shape()));
    return graph.run(
        Map.of("content", x, "style", styleCodes.castTo(DataType.FLOAT)), "translated");
  }

  @Override
  public INDArray encodeStyle(INDArray images) {
    return graph.run(Map.of("exemplar", graph.images(images, "exemplars")), "style_code");
  }

  @Override
  public INDArray sampleStyles(int n, SplitMix64 random) {
    Preconditions.checkArgument(n > 0, "number of style codes must be positive, got %s", n);
    return RandomArrays.gaussian(random, DataType.FLOAT, n, shape.styleDim());
  }

  @Override
  public void close() {
    graph.close();
  }
}

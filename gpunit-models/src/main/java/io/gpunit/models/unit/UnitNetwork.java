package io.gpunit.models.unit;

import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.weights.KeyMapping;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.models.ModelFile;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.models.baselines.GeneratorShape;
import io.gpunit.models.baselines.InferenceGraph;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained UNIT model translating A → B, unimodally: {@code y = G_b(E_a(x))} from the latent mean
 * (UNIT's {@code test.py}: {@code gen_b.decode(gen_a.encode(x)[0])}, no noise). Weights are the
 * official {@code state_dict} names: {@code gen_a.enc.*} and {@code gen_b.dec.*} are used, every
 * other key ({@code gen_a.dec}, {@code gen_b.enc}, discriminators) ignored. Shared blocks are
 * simply stored under both generators, so models trained with or without sharing load the same way.
 */
public final class UnitNetwork implements TranslationNetwork {

  private static final KeyMapping UNUSED =
      KeyMapping.builder()
          .ignoreRegex("gen_a\\.dec\\..*")
          .ignoreRegex("gen_b\\.enc\\..*")
          .ignoreRegex("dis_[ab]\\..*")
          .ignoreRegex(".*\\.num_batches_tracked")
          .build();

  private final GeneratorShape shape;
  private final InferenceGraph graph;

  private UnitNetwork(GeneratorShape shape, InferenceGraph graph) {
    this.shape = shape;
    this.graph = graph;
  }

  /** The network for {@code imageSize}² images with the UNIT weights of {@code weights}. */
  public static UnitNetwork fromWeights(TensorSource weights, int imageSize) {
    GeneratorShape shape = VaeGenerator.infer(weights, "gen_a.");
    shape.checkImageSize(imageSize);
    VaeGenerator generator = new VaeGenerator(shape, 0, 0);
    Scope root = Scope.root(SameDiff.create(), Mode.INFERENCE, 0);
    SameDiff sd = root.sd();
    SDVariable content = sd.placeHolder("content", DataType.FLOAT, -1, 3, imageSize, imageSize);
    Scope genA = root.child("gen_a");
    Scope genB = root.child("gen_b");
    SDVariable mu = generator.encode(genA, genA, content);
    sd.identity("translated", generator.decode(genB, genB, mu));
    return new UnitNetwork(shape, new InferenceGraph(sd, imageSize, weights, UNUSED));
  }

  @Override
  public String architecture() {
    return ModelFile.UNIT;
  }

  @Override
  public int imageSize() {
    return graph.imageSize();
  }

  /** 0: UNIT is unimodal. */
  @Override
  public int styleDim() {
    return 0;
  }

  /** The generators' body read from the weights. */
  public GeneratorShape shape() {
    return shape;
  }

  /** {@code G_b(E_a(x))}; {@code styleCodes} is ignored (UNIT has none) and may be null. */
  @Override
  public INDArray translate(INDArray content, INDArray styleCodes) {
    return graph.run(Map.of("content", graph.images(content, "content")), "translated");
  }

  @Override
  public INDArray encodeStyle(INDArray images) {
    throw unimodal("encodeStyle");
  }

  @Override
  public INDArray sampleStyles(int n, SplitMix64 random) {
    throw unimodal("sampleStyles");
  }

  private static UnsupportedOperationException unimodal(String method) {
    return new UnsupportedOperationException(
        "UNIT is unimodal (styleDim 0): it has no style codes, so "
            + method
            + " is not available; call translate(content, null)");
  }

  @Override
  public void close() {
    graph.close();
  }
}

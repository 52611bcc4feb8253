package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.models.ModelFile;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.models.training.random.RandomArrays;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * GP-UNIT as a {@link TranslationNetwork}: {@code y = G(E_c(x), s)} with {@code s = E_s(y_B)} from
 * an exemplar or {@code s = T(z)}, {@code z ~ N(0, I)}, from the fitted sampler.
 */
public final class GpUnitNetwork implements TranslationNetwork {

  private final GpUnitGraph graph;
  private final int imageSize;

  private GpUnitNetwork(GpUnitGraph graph, int imageSize) {
    this.graph = graph;
    this.imageSize = imageSize;
  }

  /**
   * The model {@code config} with its weights from {@code weights}, taking content at {@code
   * options}' (square) size.
   */
  public static GpUnitNetwork fromWeights(
      TensorSource weights, GpUnitConfig config, GpUnitGraphOptions options) {
    Objects.requireNonNull(options, "options");
    Preconditions.checkArgument(
        options.contentHeight() == options.contentWidth(),
        "content must be square, got %sx%s",
        options.contentHeight(),
        options.contentWidth());
    GpUnitGraph graph = GpUnitGraph.create(config, options);
    // A model trained below 256² stores its generator's later layers untrained; the graph stops
    // before them, so they are not loaded.
    int scale = options.generatorScale();
    graph.load(weights.filter(name -> generatorLayer(name) <= scale));
    return new GpUnitNetwork(graph, options.contentHeight());
  }

  /** {@code k} for {@code g_ema.model.k.*}, else -1. */
  private static int generatorLayer(String name) {
    String prefix = GpUnitConfig.GENERATOR + ".model.";
    if (!name.startsWith(prefix)) {
      return -1;
    }
    int end = name.indexOf('.', prefix.length());
    try {
      return Integer.parseInt(name.substring(prefix.length(), end < 0 ? name.length() : end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public String architecture() {
    return ModelFile.GPUNIT;
  }

  @Override
  public int imageSize() {
    return imageSize;
  }

  @Override
  public int styleDim() {
    return (int) graph.config().generator().styleDim();
  }

  @Override
  public INDArray translate(INDArray content, INDArray styleCodes) {
    Objects.requireNonNull(styleCodes, "GP-UNIT needs style codes: encodeStyle or sampleStyles");
    return run(
        Map.of(GpUnitGraph.CONTENT, content, GpUnitGraph.STYLE_CODE, styleCodes),
        GpUnitGraph.CODE_TRANSLATION);
  }

  @Override
  public INDArray encodeStyle(INDArray images) {
    return run(Map.of(GpUnitGraph.STYLE_IMAGE, images), GpUnitGraph.ENCODED_STYLE);
  }

  /**
   * {@code T(z)}; with {@link Sampler.Statistics#BATCH} statistics a single code would be
   * normalised by its own batch, so at least two are drawn and the extra dropped.
   */
  @Override
  public INDArray sampleStyles(int n, SplitMix64 random) {
    Preconditions.checkArgument(n >= 1, "number of styles must be at least 1, got %s", n);
    int drawn =
        graph.options().samplerStatistics() == Sampler.Statistics.BATCH ? Math.max(n, 2) : n;
    long noiseDim = graph.config().sampler().noiseDim();
    INDArray z = RandomArrays.gaussian(random, DataType.FLOAT, drawn, noiseDim);
    INDArray codes = run(Map.of(GpUnitGraph.NOISE, z), GpUnitGraph.SAMPLED_STYLE);
    return drawn == n ? codes : codes.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
  }

  /** The widths of the loaded model. */
  public GpUnitConfig config() {
    return graph.config();
  }

  public GpUnitGraph graph() {
    return graph;
  }

  private INDArray run(Map<String, INDArray> placeholders, String output) {
    return graph.output(placeholders, output).get(output);
  }
}

package io.gpunit.models.gpunit.stage2;

import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.gpunit.ContentFeatures;
import io.gpunit.models.gpunit.Generator;
import io.gpunit.models.gpunit.GeneratorOptions;
import io.gpunit.models.gpunit.GpUnitConfig;
import io.gpunit.models.training.data.UnpairedBatches;
import io.gpunit.models.training.optim.Ema;
import io.gpunit.models.training.optim.ParameterGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * G<sub>ema</sub>, what stage 2 exports: {@code g_ema ← lerp(g, g_ema, β)} after every iteration
 * ({@link Ema}), the whole generator's tensors under the model file's names, and an inference graph
 * E<sub>c</sub> + G<sub>ema</sub> for previews, tests and the sampler fit.
 *
 * <p>G's graph holds only the layers up to the trained scale; the layers beyond it keep the tensors
 * they started from ({@code initial}), so the file always holds a whole generator.
 */
final class EmaGenerator {

  private final Ema ema;
  private final SameDiff training;
  private final String prefix;
  private final Map<String, INDArray> initial;
  private final Generator generator;
  private final FrozenContentEncoder encoder;
  private final GeneratorOptions options;
  private final int size;
  private SameDiff graph;

  /**
   * @param parameters G's parameters in the training graph, under {@code prefix}
   * @param beta the EMA's β
   * @param initial every tensor of the whole generator, under {@code prefix} (the starting values)
   * @param options the scale G is trained (and run) at
   * @param size S, the side of the style exemplars
   */
  EmaGenerator(
      ParameterGroup parameters,
      String prefix,
      double beta,
      Map<String, INDArray> initial,
      Generator generator,
      FrozenContentEncoder encoder,
      GeneratorOptions options,
      int size) {
    this.ema =
        Ema.builder()
            .source(parameters)
            .rename(prefix, GpUnitConfig.GENERATOR + ".")
            .beta(beta)
            .build();
    this.training = parameters.sd();
    this.prefix = prefix;
    this.initial = initial;
    this.generator = generator;
    this.encoder = encoder;
    this.options = options;
    this.size = size;
  }

  /** The moving average, a checkpoint part. */
  Ema ema() {
    return ema;
  }

  /** {@code g_ema ← lerp(g, g_ema, β)}. */
  void update() {
    ema.update();
  }

  /**
   * G's current tensors under {@code state_dict} names ({@code model.5.rgblayer.weight}, …),
   * copies: the trained ones from the training graph, layers beyond the scale as they started.
   */
  Map<String, INDArray> current() {
    Map<String, INDArray> out = new TreeMap<>();
    initial.forEach((name, v) -> out.put(name.substring(prefix.length()), v.dup()));
    StageTwoWeights.export(training, prefix).forEach(out::put);
    return out;
  }

  /**
   * {@code g_ema.*}: the averaged parameters plus G's buffers as they are (G has none at present),
   * layers beyond the scale as they started.
   */
  Map<String, INDArray> averaged() {
    Map<String, INDArray> out = new TreeMap<>();
    current().forEach((k, v) -> out.put(GpUnitConfig.GENERATOR + "." + k, v));
    ema.weights().forEach((k, v) -> out.put(k, v.dup()));
    return out;
  }

  /** G_ema(E_c(x), E_s(y)) [N, 3, S, S] of content {@code x} and exemplars {@code y}. */
  INDArray translate(INDArray x, INDArray y) {
    Map<String, INDArray> feed =
        Map.of("x", encoder.atResolution(x), "y", y.castTo(DataType.FLOAT));
    return Inference.output(refreshed(), feed, "out").get("out");
  }

  /** G_ema's style codes E_s(y) [N, styleDim] of images {@code y} [N, 3, S, S]. */
  INDArray styleCodes(INDArray y) {
    return styleCodes(refreshed(), y);
  }

  private static INDArray styleCodes(SameDiff graph, INDArray y) {
    return Inference.output(graph, Map.of("y", y.castTo(DataType.FLOAT)), "codes").get("codes");
  }

  /**
   * G_ema's style codes [images, styleDim] of {@code images} target-domain images of {@code data},
   * drawn in batches of {@code batch} from {@code seed} ({@code train_sampler}'s codes).
   */
  INDArray styleCodesOf(UnpairedBatches data, int images, int batch, long seed) {
    SameDiff averaged = refreshed();
    List<INDArray> codes = new ArrayList<>();
    for (int i = 0, drawn = 0; drawn < images; i++, drawn += batch) {
      INDArray y = data.batch(batch, SplitMix64.derive(seed, SplitMix64.key("sampler"), i)).b();
      INDArray c = styleCodes(averaged, y);
      codes.add(
          c.get(NDArrayIndex.interval(0, Math.min(batch, images - drawn)), NDArrayIndex.all()));
    }
    return Nd4j.concat(0, codes.toArray(INDArray[]::new));
  }

  /** The inference graph, built on first use, with the current averages. */
  private SameDiff refreshed() {
    if (graph == null) {
      Scope root = Scope.root(SameDiff.create(), Mode.INFERENCE, 0);
      int r = encoder.config().resolution();
      SDVariable x = root.sd().placeHolder("x", DataType.FLOAT, -1, 3, r, r);
      SDVariable y = root.sd().placeHolder("y", DataType.FLOAT, -1, 3, size, size);
      ContentFeatures c = encoder.applyInto(root, x);
      Scope g = root.child(GpUnitConfig.GENERATOR);
      SDVariable s = generator.encodeStyle(g, y).code().rename("codes");
      generator.apply(g, c, s, options).image().rename("out");
      graph = root.sd();
    }
    Map<String, INDArray> weights = averaged();
    for (SDVariable v : graph.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE
          && v.name().startsWith(GpUnitConfig.GENERATOR + ".")) {
        v.getArr().assign(weights.get(v.name()));
      }
    }
    return graph;
  }
}

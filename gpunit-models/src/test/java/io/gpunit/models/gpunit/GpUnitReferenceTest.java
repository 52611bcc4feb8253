package io.gpunit.models.gpunit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.nn.Layout;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.weights.KeyMapping;
import io.gpunit.core.weights.ParameterStore;
import io.gpunit.core.weights.SafeTensorsFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The networks against the official PyTorch code: every {@code output.*} and {@code debug.*} tensor
 * of every reference fixture (see the fixtures README) is recomputed from the fixture's weights and
 * inputs and compared within the README's tolerances. A stored tensor this test does not know how
 * to compute fails as "not computed", so a new fixture is checked completely or not at all.
 */
class GpUnitReferenceTest {

  private static final Pattern EC_LAYER = Pattern.compile("output\\.ec\\.layer(\\d+)");
  private static final Pattern G_MASK = Pattern.compile("output\\.g\\.mask(\\d+)");
  private static final Pattern G_LAYER =
      Pattern.compile("output\\.g\\.layer(\\d+)\\.(x|rgb|state)");
  private static final Pattern D_STYLE = Pattern.compile("output\\.d\\.style_feat_layer(\\d+)");
  private static final String D_TRAIN = "output.d_trainmode.";
  private static final String SIGMA = "debug.sigma.";

  /** Prefix of the discriminator's weights in reference.safetensors. */
  private static final String D = "d.";

  /** Key of G(…, scale=I)'s image, checked against {@code tanh(output.g.layerI.rgb)}. */
  private static final String SCALE = "scale.";

  static List<ReferenceFixture> fixtures() {
    return ReferenceFixture.all();
  }

  /** Every fixture with the translation graph's activations in each {@link Layout}. */
  static Stream<Arguments> fixturesInEachLayout() {
    return fixtures().stream()
        .flatMap(f -> Stream.of(Layout.values()).map(layout -> Arguments.of(f, layout)));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("fixturesInEachLayout")
  void networksReproduceEveryReferenceOutput(ReferenceFixture fixture, Layout layout) {
    SafeTensorsFile reference = fixture.reference();

    Map<String, INDArray> actual = new LinkedHashMap<>();
    GpUnitGraph graph =
        GpUnitGraph.fromFile(
            fixture.dir().resolve("model.safetensors"), fixture.graphOptions().withLayout(layout));
    actual.putAll(runTranslationGraph(graph, reference));
    actual.putAll(runDiscriminator(reference, Mode.INFERENCE, "output.d."));
    actual.putAll(runDiscriminator(reference, Mode.TRAINING, D_TRAIN));
    actual.putAll(sigmas(graph.sameDiff(), reference));

    TensorComparison comparison = new TensorComparison();
    for (String key : reference.names()) {
      if (key.startsWith("output.") || key.startsWith("debug.")) {
        comparison.compare(key, actual.get(key), reference.getAsFloat(key), toleranceOf(key));
      }
      Matcher m = G_LAYER.matcher(key);
      if (m.matches() && m.group(2).equals("rgb")) {
        comparison.compare(
            "G(scale=" + m.group(1) + ") = tanh(" + key + ")",
            actual.get(SCALE + m.group(1)),
            Transforms.tanh(reference.getAsFloat(key)),
            TensorComparison.OUTPUT);
      }
    }
    String report = fixture.name() + "\n" + comparison.report();
    System.out.println(report);
    assertThat(comparison.failures()).as(report).isEmpty();
  }

  @Test
  void comparisonDetectsOnePerturbedWeight() {
    ReferenceFixture fixture = fixtures().get(0);
    SafeTensorsFile reference = fixture.reference();
    GpUnitGraph graph = GpUnitGraph.fromWeights(fixture.model(), fixture.graphOptions());
    Map<String, INDArray> inputs = Map.of(GpUnitGraph.CONTENT, reference.getAsFloat("input.x"));
    String code = GpUnitGraph.CONTENT_CODE;
    INDArray expected = reference.getAsFloat("output.ec.layer6");

    TensorComparison comparison = new TensorComparison();
    TensorComparison.Row before =
        comparison.compare(
            "unperturbed", graph.output(inputs, code).get(code), expected, TensorComparison.OUTPUT);
    INDArray weight =
        graph.sameDiff().getVariable("content_encoder.layer3.0.conv.weight_orig").getArr();
    weight.putScalar(new long[] {0, 0, 1, 1}, weight.getDouble(0, 0, 1, 1) + 0.01);
    TensorComparison.Row after =
        comparison.compare(
            "perturbed", graph.output(inputs, code).get(code), expected, TensorComparison.OUTPUT);

    assertThat(before.ok()).as(comparison.report()).isTrue();
    assertThat(after.ok()).as(comparison.report()).isFalse();
    assertThat(after.relL2())
        .as(comparison.report())
        .isGreaterThan(TensorComparison.OUTPUT.relL2());
  }

  /**
   * Content encoder, style encoder, generator (with and without skips, from codes) and sampler;
   * features and masks as NCHW, whatever the graph's layout.
   */
  private static Map<String, INDArray> runTranslationGraph(
      GpUnitGraph graph, SafeTensorsFile reference) {
    SameDiff sd = graph.sameDiff();
    Scope scope = graph.scope();
    Layout layout = scope.layout();
    Generator generator = graph.generator();
    Scope g = scope.child(GpUnitConfig.GENERATOR);
    INDArray x = reference.getAsFloat("input.x");
    long batch = x.size(0);

    ContentFeatures content = graph.content();
    GeneratorOutput exemplar = graph.exemplar();
    GeneratorOutput noSkip =
        generator.apply(
            g, content, graph.encodedStyle().code(), GeneratorOptions.DEFAULT.withSkip(false));
    SDVariable codeTrain = graph.sampledStyle();
    SDVariable codeEval =
        graph
            .sampler()
            .apply(
                scope.child(GpUnitConfig.SAMPLER),
                sd.getVariable(GpUnitGraph.NOISE),
                Sampler.Statistics.RUNNING);
    GeneratorOutput fromCodes =
        generator.apply(
            g, content, codeTrain.get(SDIndex.interval(0L, batch)), GeneratorOptions.DEFAULT);

    Map<String, SDVariable> wanted = new LinkedHashMap<>();
    wanted.put("output.ec.input_resized", content.resized());
    wanted.put("output.es.style_code", graph.encodedStyle().code());
    wanted.put("output.es.pooled", graph.encodedStyle().pooled());
    wanted.put("output.g.out", exemplar.image());
    wanted.put("output.g.out_noskip", noSkip.image());
    wanted.put("output.g.out_z", fromCodes.image());
    wanted.put("output.sampler.code_train", codeTrain);
    wanted.put("output.sampler.code_eval", codeEval);
    for (String key : reference.names()) {
      Matcher m;
      if ((m = EC_LAYER.matcher(key)).matches()) {
        wanted.put(key, layout.toNchw(content.c(Integer.parseInt(m.group(1)))));
      } else if ((m = G_MASK.matcher(key)).matches()) {
        int i = Integer.parseInt(m.group(1));
        if (i < exemplar.masks().size()) {
          wanted.put(key, layout.toNchw(exemplar.masks().get(i)));
        }
      } else if ((m = G_LAYER.matcher(key)).matches()) {
        int i = Integer.parseInt(m.group(1));
        GeneratorLayer.Output layer = exemplar.layers().get(i);
        SDVariable v =
            switch (m.group(2)) {
              case "x" -> layer.x();
              case "rgb" -> layer.rgb();
              default -> layer.state();
            };
        if (v != null) {
          wanted.put(key, layout.toNchw(v));
        }
        if (m.group(2).equals("rgb")) {
          GeneratorOptions options = GeneratorOptions.DEFAULT.withScale(i);
          wanted.put(
              SCALE + i, generator.apply(g, content, graph.encodedStyle().code(), options).image());
        }
      }
    }
    Map<String, INDArray> placeholders =
        Map.of(
            GpUnitGraph.CONTENT, x,
            GpUnitGraph.STYLE_IMAGE, reference.getAsFloat("input.y"),
            GpUnitGraph.NOISE, reference.getAsFloat("input.z"));
    return run(sd, placeholders, wanted);
  }

  /**
   * The discriminator on the reference {@code output.g.out}: in INFERENCE its logit and requested
   * style features; in TRAINING its logit and the spectral-norm buffers after the one power
   * iteration.
   */
  private static Map<String, INDArray> runDiscriminator(
      SafeTensorsFile reference, Mode mode, String keyPrefix) {
    Discriminator discriminator =
        new Discriminator(DiscriminatorConfig.inferFrom(TensorShapes.of(reference), D));
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, mode, 0L);
    SDVariable image = sd.placeHolder("image", DataType.FLOAT, -1, 3, -1, -1);
    List<Integer> layers = new ArrayList<>();
    for (String key : reference.names()) {
      Matcher m = D_STYLE.matcher(key);
      if (m.matches() && mode == Mode.INFERENCE) {
        layers.add(Integer.parseInt(m.group(1)));
      }
    }
    Discriminator.Output out =
        discriminator.apply(scope, image, layers.stream().mapToInt(Integer::intValue).toArray());
    ParameterStore.of(sd).load(reference, KeyMapping.builder().stripPrefix(D).build());

    Map<String, SDVariable> wanted = new LinkedHashMap<>();
    wanted.put(keyPrefix + "logit", out.logit());
    out.styleFeatures()
        .forEach((layer, f) -> wanted.put(keyPrefix + "style_feat_layer" + layer, f));
    for (Scope.BufferUpdate update : scope.bufferUpdates()) {
      wanted.put(keyPrefix + update.buffer(), sd.getVariable(update.newValue()));
    }
    return run(sd, Map.of("image", reference.getAsFloat("output.g.out")), wanted);
  }

  /**
   * {@code σ = uᵀ (W_orig.reshape(O, −1)) v} from the u, v, W_orig loaded into the graphs, in plain
   * ND4J: checks the loaded spectral-norm state against the reference's.
   */
  private static Map<String, INDArray> sigmas(SameDiff translation, SafeTensorsFile reference) {
    Map<String, INDArray> result = new LinkedHashMap<>();
    for (String key : reference.names()) {
      if (!key.startsWith(SIGMA)) {
        continue;
      }
      String layer = key.substring(SIGMA.length());
      INDArray w;
      INDArray u;
      INDArray v;
      if (translation.hasVariable(layer + ".weight_orig")) {
        w = translation.getVariable(layer + ".weight_orig").getArr();
        u = translation.getVariable(layer + ".weight_u").getArr();
        v = translation.getVariable(layer + ".weight_v").getArr();
      } else if (reference.contains(layer + ".weight_orig")) {
        w = reference.getAsFloat(layer + ".weight_orig");
        u = reference.getAsFloat(layer + ".weight_u");
        v = reference.getAsFloat(layer + ".weight_v");
      } else {
        continue;
      }
      INDArray matrix = w.reshape(w.size(0), -1);
      INDArray wv = matrix.mmul(v.reshape(v.length(), 1)).reshape(u.length());
      result.put(key, Nd4j.createFromArray(u.mul(wv).sumNumber().floatValue()));
    }
    return result;
  }

  private static Map<String, INDArray> run(
      SameDiff sd, Map<String, INDArray> placeholders, Map<String, SDVariable> wanted) {
    String[] names =
        wanted.values().stream().map(SDVariable::name).distinct().toArray(String[]::new);
    Map<String, INDArray> values = sd.output(placeholders, names);
    Map<String, INDArray> result = new LinkedHashMap<>();
    wanted.forEach((key, v) -> result.put(key, values.get(v.name())));
    return result;
  }

  private static TensorComparison.Tolerance toleranceOf(String key) {
    boolean spectral =
        key.startsWith(SIGMA) || key.endsWith(".weight_u") || key.endsWith(".weight_v");
    return spectral ? TensorComparison.SPECTRAL : TensorComparison.OUTPUT;
  }
}

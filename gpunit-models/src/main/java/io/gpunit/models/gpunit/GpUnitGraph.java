package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.weights.LoadReport;
import io.gpunit.core.weights.ParameterStore;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.core.weights.WeightLoadException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An inference graph of a whole GP-UNIT model — content encoder, generator and style sampler —
 * whose variables are named exactly as the tensors of a converted checkpoint ({@code
 * content_encoder.*}, {@code g_ema.*}, {@code sampler.*}).
 *
 * <p>Placeholders: {@value #CONTENT} [N, 3, H, W] content images in [-1, 1] (H, W fixed by the
 * {@link GpUnitGraphOptions}), {@value #STYLE_IMAGE} [N, 3, H', W'] exemplar images, {@value
 * #NOISE} [M, noiseDim] sampler noise, {@value #STYLE_CODE} [N, styleDim] given style codes. Named
 * outputs (feed only the placeholders an output needs):
 *
 * <ul>
 *   <li>{@value #CONTENT_CODE}: E<sub>c</sub>(x), [N, 1, 8, 8];
 *   <li>{@value #ENCODED_STYLE}: E<sub>s</sub>(y), [N, styleDim];
 *   <li>{@value #SAMPLED_STYLE}: T(z), [M, styleDim] (batch or running statistics, see {@link
 *       Sampler.Statistics});
 *   <li>{@value #EXEMPLAR_TRANSLATION}: G(E<sub>c</sub>(x), E<sub>s</sub>(y)), [N, 3, 256, 256];
 *   <li>{@value #CODE_TRANSLATION}: G(E<sub>c</sub>(x), s) for given codes s;
 *   <li>{@value #LATENT_TRANSLATION}: G(E<sub>c</sub>(x), T(z)) (M = N, or N = 1 to give one
 *       content many styles).
 * </ul>
 *
 * The networks' outputs are also reachable as variables ({@link #content()}, {@link #exemplar()}
 * …), and {@link #scope()} lets a caller add further branches that share the same parameters. The
 * images are NCHW; features and masks are in the options' {@link GpUnitGraphOptions#layout()
 * layout} (NHWC by default, where M2.1's convolutions run fastest; {@link
 * io.gpunit.core.nn.Layout#toNchw} turns one into PyTorch's).
 */
public final class GpUnitGraph {

  public static final String CONTENT = "content";
  public static final String STYLE_IMAGE = "style_image";
  public static final String NOISE = "noise";
  public static final String STYLE_CODE = "style_code";

  public static final String CONTENT_CODE = "content_code";
  public static final String ENCODED_STYLE = "encoded_style";
  public static final String SAMPLED_STYLE = "sampled_style";
  public static final String EXEMPLAR_TRANSLATION = "exemplar_translation";
  public static final String CODE_TRANSLATION = "code_translation";
  public static final String LATENT_TRANSLATION = "latent_translation";

  private final GpUnitConfig config;
  private final SameDiff sd;
  private final GpUnitGraphOptions options;
  private final Scope scope;
  private final ContentEncoder contentEncoder;
  private final Generator generator;
  private final Sampler sampler;
  private final ContentFeatures content;
  private final StyleEncoder.Output encodedStyle;
  private final SDVariable sampledStyle;
  private final GeneratorOutput exemplar;
  private final GeneratorOutput coded;
  private final GeneratorOutput latent;

  private GpUnitGraph(GpUnitConfig config, GpUnitGraphOptions options) {
    this.config = config;
    this.options = options;
    this.sd = SameDiff.create();
    this.scope = Scope.root(sd, Mode.INFERENCE, DataType.FLOAT, 0L, options.layout());
    this.contentEncoder = new ContentEncoder(config.contentEncoder());
    this.generator = new Generator(config.generator());
    this.sampler = new Sampler(config.sampler());

    SDVariable x =
        sd.placeHolder(
            CONTENT, DataType.FLOAT, -1, 3, options.contentHeight(), options.contentWidth());
    SDVariable y = sd.placeHolder(STYLE_IMAGE, DataType.FLOAT, -1, 3, -1, -1);
    SDVariable z = sd.placeHolder(NOISE, DataType.FLOAT, -1, config.sampler().noiseDim());
    SDVariable s = sd.placeHolder(STYLE_CODE, DataType.FLOAT, -1, config.generator().styleDim());

    Scope g = scope.child(GpUnitConfig.GENERATOR);
    this.content = contentEncoder.apply(scope.child(GpUnitConfig.CONTENT_ENCODER), x);
    this.encodedStyle = generator.encodeStyle(g, y);
    this.sampledStyle =
        sampler.apply(scope.child(GpUnitConfig.SAMPLER), z, options.samplerStatistics());
    GeneratorOptions run = GeneratorOptions.DEFAULT.withScale(options.generatorScale());
    this.exemplar = generator.apply(g, content, encodedStyle.code(), run);
    this.coded = generator.apply(g, content, s, run);
    this.latent = generator.apply(g, content, sampledStyle, run);

    scope.layout().toNchw(content.code()).rename(CONTENT_CODE);
    encodedStyle.code().rename(ENCODED_STYLE);
    sampledStyle.rename(SAMPLED_STYLE);
    exemplar.image().rename(EXEMPLAR_TRANSLATION);
    coded.image().rename(CODE_TRANSLATION);
    latent.image().rename(LATENT_TRANSLATION);
  }

  /** A graph with freshly initialised parameters (load weights with {@link #load}). */
  public static GpUnitGraph create(GpUnitConfig config, GpUnitGraphOptions options) {
    return new GpUnitGraph(
        Objects.requireNonNull(config, "config"), Objects.requireNonNull(options, "options"));
  }

  /**
   * The graph of the model in {@code weights} (a converted checkpoint: widths inferred from the
   * shapes) with the {@link GpUnitGraphOptions#DEFAULT default options}.
   */
  public static GpUnitGraph fromWeights(TensorSource weights) {
    return fromWeights(weights, GpUnitGraphOptions.DEFAULT);
  }

  /** The graph of the model in {@code weights}, widths inferred from the shapes. */
  public static GpUnitGraph fromWeights(TensorSource weights, GpUnitGraphOptions options) {
    GpUnitGraph graph = create(GpUnitConfig.inferFrom(weights), options);
    graph.load(weights);
    return graph;
  }

  /** The graph of the converted checkpoint {@code file} ({@code model.safetensors}). */
  public static GpUnitGraph fromFile(Path file, GpUnitGraphOptions options) {
    return fromWeights(SafeTensors.read(file), options);
  }

  /**
   * Loads every parameter and buffer of the graph from {@code weights}, tensors named as the
   * variables ({@code content_encoder.layer1.0.conv.weight_orig}, {@code g_ema.model.1.skiplayer.
   * mask.weight}, {@code sampler.bn1.running_mean} …; F16 is up-cast). Missing, unexpected and
   * mis-shaped tensors all fail the load together, with one {@link WeightLoadException} naming
   * each, and leave the graph unchanged.
   */
  public LoadReport load(TensorSource weights) {
    return ParameterStore.of(sd).load(weights);
  }

  /** Runs the graph: the named outputs for the given placeholder values. */
  public Map<String, INDArray> output(Map<String, INDArray> placeholders, String... outputs) {
    Preconditions.checkArgument(outputs.length > 0, "name at least one output");
    return Inference.output(sd, placeholders, outputs);
  }

  public GpUnitConfig config() {
    return config;
  }

  public GpUnitGraphOptions options() {
    return options;
  }

  public SameDiff sameDiff() {
    return sd;
  }

  /** The root scope; {@code scope().child("g_ema")} is the generator's. */
  public Scope scope() {
    return scope;
  }

  public ContentEncoder contentEncoder() {
    return contentEncoder;
  }

  public Generator generator() {
    return generator;
  }

  public Sampler sampler() {
    return sampler;
  }

  /** E<sub>c</sub>(x), in the {@link GpUnitGraphOptions#layout() layout} of the activations. */
  public ContentFeatures content() {
    return content;
  }

  /** E<sub>s</sub>(y). */
  public StyleEncoder.Output encodedStyle() {
    return encodedStyle;
  }

  /** T(z). */
  public SDVariable sampledStyle() {
    return sampledStyle;
  }

  /** G(E<sub>c</sub>(x), E<sub>s</sub>(y)). */
  public GeneratorOutput exemplar() {
    return exemplar;
  }

  /** G(E<sub>c</sub>(x), s). */
  public GeneratorOutput coded() {
    return coded;
  }

  /** G(E<sub>c</sub>(x), T(z)). */
  public GeneratorOutput latent() {
    return latent;
  }
}

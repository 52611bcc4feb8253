package io.gpunit.models.gpunit.stage2;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.memory.Backprop;
import io.gpunit.losses.perceptual.FeatureExtractor;
import io.gpunit.models.ModelFile;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.Discriminator;
import io.gpunit.models.gpunit.DiscriminatorConfig;
import io.gpunit.models.gpunit.Generator;
import io.gpunit.models.gpunit.GeneratorConfig;
import io.gpunit.models.gpunit.GeneratorOptions;
import io.gpunit.models.gpunit.GpUnitConfig;
import io.gpunit.models.gpunit.GpUnitGraphOptions;
import io.gpunit.models.gpunit.PerceptualTerm;
import io.gpunit.models.gpunit.SamplerConfig;
import io.gpunit.models.training.ModelTrainer;
import io.gpunit.models.training.RandomConvFeatures;
import io.gpunit.models.training.TrainingRun;
import io.gpunit.models.training.checkpoint.ConfigJson;
import io.gpunit.models.training.loop.SampleGridListener;
import io.gpunit.models.training.optim.GradientStep;
import io.gpunit.models.training.random.TrainingRandom;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * GP-UNIT stage 2, adversarial image translation (Yang et al. 2022, §3.3; the official {@code
 * train.py}): trains the generator G (with its style encoder) and the discriminator D on unpaired
 * domains A → B, with the stage-1 content encoder E<sub>c</sub> frozen.
 *
 * <p>With x ∈ A, y ∈ B, y' = y flipped horizontally with probability ½ (the style exemplar),
 * c<sub>x</sub> = E<sub>c</sub>(x) (features c3, c4, c6, no gradient), s = E<sub>s</sub>(y'):
 *
 * <pre>
 *   ŷ, m = G(c_x, s)                          translation (dynamic skips on; masks m at 16², 32²)
 *   ȳ    = G(c_y, s)                          reconstruction (skips only with useAllSkip)
 *   L_G  = λ_adv·softplus(−D(ŷ))                                      (λ_adv 1)
 *        + λ_con·|E_c(ŷ) − c6_x|₁                                     (λ_con 1)
 *        + λ_sty·|μ(D_l(ŷ)) − sg(μ(D_l(y)))|₁   (D features after layer l = 4, channel means; λ 50)
 *        + λ_msk·Σ_k mean|m_k|                                        (λ_msk 1)
 *        + λ_rec·(|ȳ − y|₁ + λ_perc·L_perc(ȳ, y))                      (λ_rec 1)
 *   L_D  = softplus(−D(y)) + softplus(D(ŷ')) + γ·½·E‖∇_y D(y)‖²        (γ 1; ŷ' = G(c_x, s) after
 *                                                                      G's update, as the official,
 *                                                                      or ŷ itself)
 * </pre>
 *
 * G and D each have an Adam (lr 1e-4, betas (0, 0.99), weight decay 1e-4), and after both updates
 * {@code g_ema ← lerp(g, g_ema, 0.999)}. After training, {@link #fitSampler} fits the style sampler
 * to the EMA style codes of target-domain images ({@code train_sampler}); {@link #saveModel} writes
 * {@code content_encoder.*}, {@code g_ema.*} and {@code sampler.*} in one file that {@code
 * Translator} loads.
 *
 * <p>Small images: the content encoder works at its stage-1 resolution R (256 officially; {@link
 * ContentEncoderFile#resolution}), so data of size S ≠ R is resized (bilinear, in Java for x and y,
 * in the graph for E<sub>c</sub>(ŷ)) to R, and G is run from the (R/32)² code up to the layer whose
 * image is S² ({@link #options()}: scale log₂(S·32/R), the official full scale at S = R = 256); G's
 * later layers are then not trained, and whoever runs the saved model must run E<sub>c</sub> at R
 * and G at that scale too ({@link io.gpunit.models.ModelFile#CONTENT_RESOLUTION} holds R, {@link
 * io.gpunit.models.ModelFile#IMAGE_SIZE} S). Other differences: E<sub>c</sub> is evaluated with its
 * stored spectral-norm vectors (the official one, never put in eval mode, iterates them though its
 * weights are fixed; {@link GpUnitTrainerConfig.Builder#officialRecipe} does that too); the content
 * term is differentiated on a graph of its own and enters G's graph as the surrogate Σ ŷ ⊙
 * ∂L_con/∂ŷ, which has the same parameter gradient (ND4J M2.1 cannot differentiate E<sub>c</sub>(ŷ)
 * inside G's graph in reasonable time; see {@link ContentLossGradient}); the perceptual term takes
 * any {@link FeatureExtractor} (default {@link RandomConvFeatures}, VGG19 weights not being
 * downloadable); a term of weight 0 is not built.
 *
 * <p>The pieces, each on a graph of its own: {@link FrozenContentEncoder} (c_x, c_y and the content
 * term's gradient), {@link GeneratorUpdate} (L_G and G's Adam), {@link DiscriminatorUpdate} (L_D
 * with {@link R1Term}, whose D is {@linkplain LinearisedDiscriminator linearised} at the real
 * batch, and D's Adam; it keeps every copy of D in step) and {@link EmaGenerator} (g_ema and the
 * exported generator). All randomness is drawn per step from {@link TrainingRandom#forStep}, so
 * {@link #resume()} continues a run exactly.
 *
 * <p>With the official recipe, one {@link #iterate iteration} computes what one iteration of the
 * official {@code train.py} loop computes — losses, outputs, every G and D gradient, G's update,
 * the spectral-norm vectors — as {@code TrainReferenceTest} checks against its recordings; {@link
 * Builder#generatorWeights} and {@link GpUnitTrainerBuilder#discriminatorWeights} start from given
 * networks.
 */
public final class GpUnitTrainer implements ModelTrainer {

  private static final String G = "g";
  private static final String D = "d";

  private static final String REAL = DiscriminatorUpdate.REAL;
  private static final String FAKE = DiscriminatorUpdate.FAKE;
  private static final String RECON = GeneratorUpdate.RECON;
  private static final String CONTENT = GeneratorUpdate.CONTENT;
  private static final String FAKE_LOGITS = DiscriminatorUpdate.FAKE_LOGITS;
  private static final String REAL_LOGITS = DiscriminatorUpdate.REAL_LOGITS;
  private static final String MASK = GeneratorUpdate.MASK;

  /**
   * Style codes {@link #finish()} fits the sampler to unless {@link GpUnitTrainerBuilder#sampler}
   * says.
   */
  public static final int SAMPLER_CODES = 1000;

  private final GpUnitTrainerConfig config;
  private final int size;
  private final int generatorScale;
  private final GeneratorConfig generatorConfig;
  private final FrozenContentEncoder encoder;
  private final GeneratorUpdate gUpdate;
  private final DiscriminatorUpdate dUpdate;
  private final EmaGenerator ema;
  private final int samplerCodes;
  private final SamplerFitting.Config samplerFitting;
  private final TrainingRun run;
  private Map<String, INDArray> samplerWeights;
  private SamplerConfig samplerConfig;

  GpUnitTrainer(GpUnitTrainerBuilder b) {
    this.config = b.config();
    Preconditions.checkState(
        b.contentEncoder != null, "no content encoder: call contentEncoder(...)");
    this.size = b.data().imageSize();
    Preconditions.checkArgument(size >= 8, "image size %s must be >= 8", size);
    this.encoder =
        new FrozenContentEncoder(
            b.contentEncoder,
            config.officialRecipe(),
            config.batchSize(),
            size,
            config.lambdaContent());
    try {
      this.generatorScale = GpUnitGraphOptions.scaleFor(size, encoder.config().codeSize());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image size " + size + ": " + e.getMessage(), e);
    }
    this.generatorConfig =
        GeneratorConfig.builder()
            .ngf(encoder.config().nef())
            .contentChannels(encoder.config().contentChannels())
            .styleEncoder(config.styleEncoder())
            .build();
    Generator generator = new Generator(generatorConfig);
    Discriminator discriminator =
        new Discriminator(
            DiscriminatorConfig.builder()
                .dimIn(config.discriminatorWidth())
                .maxConvDim(config.discriminatorMaxWidth())
                .resolution(size)
                .spectralNorm(config.discriminatorSpectralNorm())
                .build());
    Preconditions.checkArgument(
        config.styleLayer() <= discriminator.layers(),
        "styleLayer %s exceeds the %s layers of a %s² discriminator",
        config.styleLayer(),
        discriminator.layers(),
        size);
    FeatureExtractor extractor = PerceptualTerm.extractorOrDefault(b.perceptual);

    this.gUpdate =
        new GeneratorUpdate(
            generator,
            G,
            discriminator,
            D,
            encoder,
            config,
            size,
            options(),
            extractor,
            b.generatorWeights);
    this.ema =
        new EmaGenerator(
            gUpdate.parameters(),
            G + ".",
            config.emaBeta(),
            gUpdate.initial(),
            generator,
            encoder,
            options(),
            size);

    this.dUpdate = new DiscriminatorUpdate(discriminator, D, config, size, b.discriminatorWeights);
    if (dUpdate.isIn(gUpdate.graph())) {
      // G's losses read D: its copy follows every change of D's parameters and buffers.
      dUpdate.share(gUpdate.graph());
    }

    this.samplerCodes = b.samplerCodes;
    this.samplerFitting =
        b.samplerFitting != null
            ? b.samplerFitting
            : SamplerFitting.Config.builder().seed(config.seed()).build();
    TrainingRun.Builder parts =
        TrainingRun.builder()
            .config(
                ConfigJson.of(config)
                    .with("perceptual", extractor.toString())
                    .with("contentEncoder", encoder.config().toString()),
                config.seed())
            .checkpoint(b.checkpoint())
            .data(b.data(), config.batchSize())
            .domains(b.domains())
            .part(gUpdate.variables())
            .parts(dUpdate.checkpointParts())
            .part(gUpdate.adam())
            .part(ema.ema())
            .afterRestore(dUpdate::synchronise);
    encoder.checkpointPart().ifPresent(parts::part);
    this.run = parts.build();
  }

  public static GpUnitTrainerBuilder builder() {
    return new GpUnitTrainerBuilder();
  }

  public GpUnitTrainerConfig config() {
    return config;
  }

  @Override
  public TrainingRun trainingRun() {
    return run;
  }

  @Override
  public String architecture() {
    return ModelFile.GPUNIT;
  }

  /** The parameters G's optimiser updates (for tests). */
  List<String> generatorParameters() {
    return gUpdate.parameters().names();
  }

  /** The parameters D's optimiser updates (for tests). */
  List<String> discriminatorParameters() {
    return dUpdate.parameters();
  }

  /** The current value of variable {@code name} in the G step's graph (for tests). */
  INDArray generatorGraphValue(String name) {
    return gUpdate.graph().getArrForVarName(name).dup();
  }

  /** Sets variable {@code name} of the G step's graph to {@code value} (for tests). */
  void setGeneratorGraphValue(String name, INDArray value) {
    gUpdate.graph().getArrForVarName(name).assign(value);
  }

  /**
   * The gradient of the G step's loss with respect to G's parameters on step {@code step}'s batch,
   * without an update (for tests).
   */
  Map<String, INDArray> generatorGradients(long step) {
    return Backprop.gradients(
        gUpdate.graph(), gUpdate.wholeFeed(generatorInputs(step)), generatorParameters());
  }

  /** λ_con·L_con on step {@code step}'s batch at G's current parameters (for tests). */
  double contentLossValue(long step) {
    Preconditions.checkState(encoder.hasContentLoss(), "the content term is off (lambdaContent 0)");
    return gUpdate.contentLoss(generatorInputs(step)).value();
  }

  /**
   * The value of E_c's variable {@code name} (local name) in the content loss graph (for tests).
   */
  INDArray contentEncoderValue(String name) {
    return encoder.contentLossValue(name);
  }

  /** The current value of variable {@code name} in the D step's graph (for tests). */
  INDArray discriminatorGraphValue(String name) {
    return dUpdate.value(name);
  }

  /**
   * E<sub>c</sub>'s spectral-norm vectors ({@code layer1.0.conv.weight_u}, …) as the next call will
   * start from them: iterated with {@link GpUnitTrainerConfig#officialRecipe()}, else the stored
   * ones. Copies.
   */
  public Map<String, INDArray> contentEncoderVectors() {
    return encoder.vectors();
  }

  /** S: the size of the training images. */
  public int imageSize() {
    return size;
  }

  /** The widths of the model {@link #saveModel} writes (sampler: once fitted, else official). */
  public GpUnitConfig modelConfig() {
    return new GpUnitConfig(
        encoder.config(),
        generatorConfig,
        samplerConfig != null ? samplerConfig : samplerWidths(generatorConfig));
  }

  @Override
  public Map<String, Double> run(long step) {
    return iterate(step).losses();
  }

  /**
   * Runs step {@code step} (one iteration of {@code train.py}'s loop: the G update, the D update,
   * the EMA update) and returns what it computed; {@link #run} returns only the losses.
   */
  public TranslationStep iterate(long step) {
    double lrScale = config.lrScaleAt(step);
    gUpdate.adam().scaleLearningRate(lrScale);
    dUpdate.adam().scaleLearningRate(lrScale);
    GeneratorUpdate.Inputs in = generatorInputs(step);
    GeneratorUpdate.Update gUpdated = gUpdate.update(in);
    GradientStep.Result gResult = gUpdated.result();
    Map<String, Double> losses = new LinkedHashMap<>(gResult.losses());
    if (encoder.hasContentLoss()) {
      // The graph's "con" is the surrogate's value; report λ_con·L_con itself.
      losses.put(CONTENT, gUpdated.content());
    }
    if (dUpdate.isIn(gUpdate.graph())) {
      // The G step's forward pass moved D's spectral-norm vectors (D is in training mode there).
      dUpdate.syncFrom(gUpdate.graph());
    }

    INDArray fake =
        config.freshFakesForDiscriminator()
            ? gUpdate.translate(in.translationFeed())
            : gResult.outputs().get(FAKE);
    DiscriminatorUpdate.Result d = dUpdate.update(fake, in.y(), step % config.r1Interval() == 0);
    GradientStep.Result dResult = d.step();
    losses.putAll(dResult.losses());
    if (!Double.isNaN(d.r1())) {
      losses.put("r1", d.r1());
    }
    ema.update();
    run.show(Map.of("x", in.x(), "y", in.y(), FAKE, fake));

    return TranslationStep.of(losses, gResult, fake, dResult);
  }

  /** Step {@code step}'s batch and exemplar flip, as G's update takes them. */
  private GeneratorUpdate.Inputs generatorInputs(long step) {
    TwoDomainBatch batch = run.batch(step);
    boolean flip = run.random(step, "flip").nextBoolean(config.flipProbability());
    return gUpdate.inputs(batch.a(), batch.b(), flip);
  }

  /**
   * The EMA generator's translations {@code G_ema(E_c(x), E_s(y))} [N, 3, S, S] (at {@link
   * #options()}) of content {@code x} and exemplars {@code y} [N, 3, S, S].
   */
  public INDArray translate(INDArray x, INDArray y) {
    return ema.translate(x, y);
  }

  /** The EMA generator's style codes E_s(y) [N, styleDim] of images {@code y} [N, 3, S, S]. */
  public INDArray styleCodes(INDArray y) {
    return ema.styleCodes(y);
  }

  /**
   * Fits the style sampler as the builder's {@link GpUnitTrainerBuilder#sampler} says (the official
   * ICP settings on {@value #SAMPLER_CODES} codes by default): the model's last piece before {@link
   * #saveModel}.
   */
  @Override
  public void finish() {
    fitSampler(samplerCodes, samplerFitting);
  }

  /** Fits the style sampler to the EMA style codes of {@code images} target-domain images. */
  public void fitSampler(int images, SamplerFitting.Config fitting) {
    Preconditions.checkArgument(images >= 2, "the sampler needs >= 2 style codes, got %s", images);
    INDArray codes = ema.styleCodesOf(run.data(), images, config.batchSize(), config.seed());
    this.samplerConfig = samplerWidths(generatorConfig);
    this.samplerWeights = new SamplerFitting(fitting).fit(samplerConfig, codes);
  }

  /** The official sampler widths (128-d noise, 128 hidden) for this generator's style codes. */
  private static SamplerConfig samplerWidths(GeneratorConfig generator) {
    return SamplerConfig.builder().styleDim(generator.styleDim()).build();
  }

  /**
   * The trained model's tensors under the names {@code Translator} loads: {@code
   * content_encoder.*}, {@code g_ema.*} (the EMA generator), {@code sampler.*}. Needs {@link
   * #fitSampler} first.
   */
  @Override
  public Map<String, INDArray> modelWeights() {
    Preconditions.checkState(
        samplerWeights != null, "the style sampler is not fitted yet: call finish() first");
    Map<String, INDArray> out = new TreeMap<>();
    out.putAll(encoder.modelWeights());
    out.putAll(ema.averaged());
    samplerWeights.forEach((k, v) -> out.put(GpUnitConfig.SAMPLER + "." + k, v));
    return out;
  }

  /** R, which whoever runs the model must run E<sub>c</sub> at. */
  @Override
  public Map<String, String> modelMetadata() {
    return Map.of(ModelFile.CONTENT_RESOLUTION, Integer.toString(encoder.config().resolution()));
  }

  /** A preview listener: one row per sample with content x, exemplar y and translation G(x, y). */
  public SampleGridListener previewListener(Path directory) {
    return run.previewListener(directory, List.of("x", "y", FAKE));
  }

  /**
   * The generator run up to the layer whose image is S²: scale log₂(S/code) from the (R/32)² code
   * (the official 5 at S = 256 with the 8² code of a 256² encoder).
   */
  public GeneratorOptions options() {
    return GeneratorOptions.DEFAULT.withScale(generatorScale);
  }

  /**
   * G's current tensors under {@code state_dict} names ({@code model.5.rgblayer.weight}, …),
   * copies: the trained ones from the G step's graph, layers beyond {@link #options()}'s scale as
   * they started.
   */
  public Map<String, INDArray> generatorWeights() {
    return ema.current();
  }

  /** D's current parameters and spectral-norm vectors under {@code state_dict} names, copies. */
  public Map<String, INDArray> discriminatorWeights() {
    return dUpdate.weights();
  }
}

package io.gpunit.models.gpunit.stage2;

import static io.gpunit.core.nn.BatchRows.rows;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.image.Flip;
import io.gpunit.core.memory.Backprop;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.losses.adversarial.NonSaturatingLoss;
import io.gpunit.losses.objective.Objective;
import io.gpunit.losses.perceptual.FeatureExtractor;
import io.gpunit.losses.reconstruction.L1Loss;
import io.gpunit.losses.regularization.MaskSparsityLoss;
import io.gpunit.losses.regularization.R1Penalty;
import io.gpunit.losses.style.StyleLoss;
import io.gpunit.models.ModelFile;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.ContentFeatures;
import io.gpunit.models.gpunit.Discriminator;
import io.gpunit.models.gpunit.DiscriminatorConfig;
import io.gpunit.models.gpunit.Generator;
import io.gpunit.models.gpunit.GeneratorConfig;
import io.gpunit.models.gpunit.GeneratorOptions;
import io.gpunit.models.gpunit.GeneratorOutput;
import io.gpunit.models.gpunit.GpUnitConfig;
import io.gpunit.models.gpunit.GpUnitGraphOptions;
import io.gpunit.models.gpunit.PerceptualTerm;
import io.gpunit.models.gpunit.SamplerConfig;
import io.gpunit.models.gpunit.stage1.PriorDistillationTrainer;
import io.gpunit.models.training.Adam;
import io.gpunit.models.training.ConfigJson;
import io.gpunit.models.training.GradientStep;
import io.gpunit.models.training.GraphVariables;
import io.gpunit.models.training.ModelTrainer;
import io.gpunit.models.training.ParameterGroup;
import io.gpunit.models.training.RandomConvFeatures;
import io.gpunit.models.training.SampleGridListener;
import io.gpunit.models.training.TrainerBuilder;
import io.gpunit.models.training.TrainingRandom;
import io.gpunit.models.training.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

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
 *                                                                      G's update, as the official)
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
 * <p>The G step, the D step and R1 (which needs a graph of its own, on D linearised at the real
 * batch: {@link LinearisedDiscriminator}) run on three graphs whose copies of D are synchronised
 * after every update; all randomness is drawn per step from {@link TrainingRandom#forStep}, so
 * {@link #resume()} continues a run exactly.
 *
 * <p>With the official recipe, one {@link #iterate iteration} computes what one iteration of the
 * official {@code train.py} loop computes — losses, outputs, every G and D gradient, G's update,
 * the spectral-norm vectors — as {@code TrainReferenceTest} checks against its recordings; {@link
 * Builder#generatorWeights} and {@link Builder#discriminatorWeights} start from given networks.
 */
public final class GpUnitTrainer implements ModelTrainer {

  private static final String G = "g";
  private static final String D = "d";

  private static final String STYLE = "style";
  private static final String REAL = "real";
  private static final String FAKE = "fake";
  private static final String RECON = "recon";
  private static final String CONTENT = "con";
  private static final String CONTENT_GRADIENT = "con.gradient";
  private static final String FAKE_LOGITS = "fake_logits";
  private static final String REAL_LOGITS = "real_logits";
  private static final String MASK = "mask";

  /** Style codes {@link #finish()} fits the sampler to unless {@link Builder#sampler} says. */
  public static final int SAMPLER_CODES = 1000;

  private final GpUnitTrainerConfig config;
  private final int size;
  private final int generatorScale;
  private final GeneratorConfig generatorConfig;
  private final FrozenContentEncoder encoder;
  private final Generator generator;
  private final Discriminator discriminator;
  private final Scope gRoot;
  private final Scope dRoot;
  private final GradientStep gStep;
  private final GradientStep dStep;
  private final R1Term r1;
  private final Adam adamD;
  private final EmaGenerator ema;
  private final List<String> discriminatorVariables;
  private final boolean generatorReadsD;
  private final int samplerCodes;
  private final SamplerFitting.Config samplerFitting;
  private final TrainingRun run;
  private Map<String, INDArray> samplerWeights;
  private SamplerConfig samplerConfig;

  private GpUnitTrainer(Builder b) {
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
    this.generator = new Generator(generatorConfig);
    this.discriminator =
        new Discriminator(
            DiscriminatorConfig.builder()
                .dimIn(config.discriminatorWidth())
                .maxConvDim(config.discriminatorMaxWidth())
                .resolution(size)
                .build());
    Preconditions.checkArgument(
        config.styleLayer() <= discriminator.layers(),
        "styleLayer %s exceeds the %s layers of a %s² discriminator",
        config.styleLayer(),
        discriminator.layers(),
        size);
    FeatureExtractor extractor = PerceptualTerm.extractorOrDefault(b.perceptual);

    this.gRoot = Scope.root(SameDiff.create(), Mode.TRAINING, config.seed());
    Objective gObjective = buildGeneratorGraph(extractor);
    Map<String, INDArray> initialGenerator = fullGenerator(b.generatorWeights);
    if (b.generatorWeights != null) {
      StageTwoWeights.assign(gRoot.sd(), G + ".", initialGenerator);
    }
    ParameterGroup gParams = ParameterGroup.withPrefix(gRoot, G + ".");
    Adam adamG = new Adam(G, config.adam(), gParams);
    this.gStep =
        GradientStep.builder()
            .optimizer(adamG)
            .objective(gObjective)
            .bufferUpdates(gRoot.bufferUpdates())
            .output(existing(gRoot.sd(), FAKE, RECON, FAKE_LOGITS, MASK + 0, MASK + 1))
            .build();
    this.ema =
        new EmaGenerator(
            gParams,
            G + ".",
            config.emaBeta(),
            initialGenerator,
            generator,
            encoder,
            options(),
            size);

    this.dRoot = Scope.root(SameDiff.create(), Mode.TRAINING, config.seed());
    Objective dObjective = buildDiscriminatorGraph();
    if (b.discriminatorWeights != null) {
      StageTwoWeights.load(dRoot.sd(), D, b.discriminatorWeights);
    }
    this.adamD = new Adam(D, config.adam(), ParameterGroup.withPrefix(dRoot, D + "."));
    this.dStep =
        GradientStep.builder()
            .optimizer(adamD)
            .objective(dObjective)
            .bufferUpdates(dRoot.bufferUpdates())
            .output(FAKE_LOGITS, REAL_LOGITS)
            .build();
    this.r1 =
        config.r1Gamma() > 0
            ? new R1Term(
                discriminator, D, config.batchSize(), size, config.r1Gamma(), config.seed())
            : null;
    this.discriminatorVariables = GraphVariables.withPrefix(dRoot, D + ".").names();
    this.generatorReadsD = gRoot.sd().hasVariable(discriminatorVariables.get(0));
    // Every copy of D starts from the D step's initial values (same seed and names: equal anyway).
    syncDiscriminatorFrom(dRoot.sd());

    this.samplerCodes = b.samplerCodes;
    this.samplerFitting =
        b.samplerFitting != null
            ? b.samplerFitting
            : SamplerFitting.Config.official().withSeed(config.seed());
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
            .part(GraphVariables.withPrefix(gRoot, G + "."))
            .part(GraphVariables.withPrefix(dRoot, D + "."))
            .part(adamG)
            .part(adamD)
            .part(ema.ema())
            .afterRestore(() -> syncDiscriminatorFrom(dRoot.sd()));
    encoder.checkpointPart().ifPresent(parts::part);
    this.run = parts.build();
  }

  public static Builder builder() {
    return new Builder();
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
    return gStep.optimizer().parameters().names();
  }

  /** The parameters D's optimiser updates (for tests). */
  List<String> discriminatorParameters() {
    return adamD.parameters().names();
  }

  /** The current value of variable {@code name} in the G step's graph (for tests). */
  INDArray generatorGraphValue(String name) {
    return gRoot.sd().getArrForVarName(name).dup();
  }

  /** Sets variable {@code name} of the G step's graph to {@code value} (for tests). */
  void setGeneratorGraphValue(String name, INDArray value) {
    gRoot.sd().getArrForVarName(name).assign(value);
  }

  /**
   * The gradient of the G step's loss with respect to G's parameters on step {@code step}'s batch,
   * without an update (for tests).
   */
  Map<String, INDArray> generatorGradients(long step) {
    return Backprop.gradients(gRoot.sd(), generatorInputs(step).feed(), generatorParameters());
  }

  /** λ_con·L_con on step {@code step}'s batch at G's current parameters (for tests). */
  double contentLossValue(long step) {
    Preconditions.checkState(encoder.hasContentLoss(), "the content term is off (lambdaContent 0)");
    return generatorInputs(step).content();
  }

  /**
   * The value of E_c's variable {@code name} (local name) in the content loss graph (for tests).
   */
  INDArray contentEncoderValue(String name) {
    return encoder.contentLossValue(name);
  }

  /** The current value of variable {@code name} in the D step's graph (for tests). */
  INDArray discriminatorGraphValue(String name) {
    return dRoot.sd().getArrForVarName(name).dup();
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
    GeneratorInputs in = generatorInputs(step);
    GradientStep.Result gResult = gStep.run(in.feed());
    Map<String, Double> losses = new LinkedHashMap<>(gResult.losses());
    if (encoder.hasContentLoss()) {
      // The graph's "con" is the surrogate's value; report λ_con·L_con itself.
      losses.put(CONTENT, in.content());
    }
    if (generatorReadsD) {
      // The G step's forward pass moved D's spectral-norm vectors (D is in training mode there).
      syncDiscriminatorFrom(gRoot.sd());
    }

    INDArray fake = translation(in.translationFeed());
    Map<String, INDArray> r1Gradients = Map.of();
    double r1Value = 0;
    if (r1 != null) {
      R1Penalty.Result r1Result = r1.compute(in.y(), adamD.parameters().names());
      r1Gradients = r1Result.gradients();
      r1Value = r1Result.value();
    }
    GradientStep.Result dResult = dStep.run(Map.of(FAKE, fake, REAL, in.y()), r1Gradients);
    losses.putAll(dResult.losses());
    if (r1 != null) {
      losses.put("r1", r1Value);
    }
    syncDiscriminatorFrom(dRoot.sd());
    ema.update();
    run.show(Map.of("x", in.x(), "y", in.y(), FAKE, fake));

    Map<String, INDArray> outputs = new LinkedHashMap<>();
    Map<String, INDArray> g = gResult.outputs();
    putIfPresent(outputs, TranslationStep.TRANSLATION, g.get(FAKE));
    putIfPresent(outputs, TranslationStep.RECONSTRUCTION, g.get(RECON));
    putIfPresent(outputs, TranslationStep.MASK + 0, g.get(MASK + 0));
    putIfPresent(outputs, TranslationStep.MASK + 1, g.get(MASK + 1));
    putIfPresent(outputs, TranslationStep.FAKE_LOGITS, g.get(FAKE_LOGITS));
    outputs.put(TranslationStep.UPDATED_TRANSLATION, fake);
    outputs.put(TranslationStep.D_FAKE_LOGITS, dResult.outputs().get(FAKE_LOGITS));
    outputs.put(TranslationStep.D_REAL_LOGITS, dResult.outputs().get(REAL_LOGITS));
    return new TranslationStep(losses, outputs, gResult.gradients(), dResult.gradients());
  }

  private static void putIfPresent(Map<String, INDArray> out, String key, INDArray value) {
    if (value != null) {
      out.put(key, value);
    }
  }

  /** The names among {@code names} that {@code sd} has (outputs of terms that may be off). */
  private static String[] existing(SameDiff sd, String... names) {
    return Arrays.stream(names).filter(sd::hasVariable).toArray(String[]::new);
  }

  /**
   * One step's batch; what ŷ = G(c_x, s) needs (s and x's content features); the G graph's whole
   * feed (that, y, y's content features and the content gradient); λ_con·L_con (0 without it).
   */
  private record GeneratorInputs(
      INDArray x,
      INDArray y,
      Map<String, INDArray> translationFeed,
      Map<String, INDArray> feed,
      double content) {}

  /**
   * Step {@code step}'s batch and the G graph's placeholders for it; with the content term, also ŷ
   * = G(c_x, s) at G's current parameters and, from it, L_con and its gradient g fed to the
   * surrogate Σ ŷ ⊙ g.
   */
  private GeneratorInputs generatorInputs(long step) {
    int b = config.batchSize();
    TwoDomainBatch batch = run.batch(step);
    INDArray x = batch.a();
    INDArray y = batch.b();
    boolean flip = run.random(step, "flip").nextBoolean(config.flipProbability());
    INDArray style = flip ? Flip.horizontally(y) : y;

    Map<String, INDArray> translationFeed = new LinkedHashMap<>();
    translationFeed.put(STYLE, style);
    Map<String, INDArray> feed = new LinkedHashMap<>();
    feed.put(REAL, y);
    encoder
        .encode(x, y)
        .forEach((name, c) -> (name.startsWith("x.") ? translationFeed : feed).put(name, c));
    feed.putAll(translationFeed);
    double content = 0;
    if (encoder.hasContentLoss()) {
      ContentLossGradient.Result con =
          encoder.contentLoss(translation(translationFeed), translationFeed.get("x.c6"));
      feed.put(CONTENT_GRADIENT, con.gradient());
      content = con.value();
    }
    return new GeneratorInputs(x, y, translationFeed, feed, content);
  }

  /** ŷ = G(c_x, s) [N, 3, S, S] at G's current parameters, from s and x's content features. */
  private INDArray translation(Map<String, INDArray> translationFeed) {
    return Inference.output(gRoot.sd(), translationFeed, FAKE).get(FAKE);
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
   * Fits the style sampler as the builder's {@link Builder#sampler} says (the official ICP settings
   * on {@value #SAMPLER_CODES} codes by default): the model's last piece before {@link #saveModel}.
   */
  @Override
  public void finish() {
    fitSampler(samplerCodes, samplerFitting);
  }

  /** Fits the style sampler to the EMA style codes of {@code images} target-domain images. */
  public void fitSampler(int images, SamplerFitting.Config fitting) {
    Preconditions.checkArgument(images >= 2, "the sampler needs >= 2 style codes, got %s", images);
    int b = config.batchSize();
    List<INDArray> codes = new ArrayList<>();
    for (int i = 0, drawn = 0; drawn < images; i++, drawn += b) {
      INDArray y =
          run.data().batch(b, SplitMix64.derive(config.seed(), SplitMix64.key("sampler"), i)).b();
      INDArray c = ema.styleCodes(y);
      codes.add(c.get(NDArrayIndex.interval(0, Math.min(b, images - drawn)), NDArrayIndex.all()));
    }
    this.samplerConfig = samplerWidths(generatorConfig);
    this.samplerWeights =
        new SamplerFitting(fitting)
            .fit(samplerConfig, Nd4j.concat(0, codes.toArray(INDArray[]::new)));
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

  private Objective buildGeneratorGraph(FeatureExtractor extractor) {
    SameDiff sd = gRoot.sd();
    int b = config.batchSize();
    SDVariable style = sd.placeHolder(STYLE, DataType.FLOAT, b, 3, size, size);
    SDVariable real = sd.placeHolder(REAL, DataType.FLOAT, b, 3, size, size);
    ContentFeatures cx = encoder.placeholders(sd, "x.");
    ContentFeatures cy = encoder.placeholders(sd, "y.");
    Scope g = gRoot.child(G);
    SDVariable s = generator.encodeStyle(g, style).code();
    GeneratorOutput translation = generator.apply(g, cx, s, options());
    SDVariable fake = translation.image().rename(FAKE);

    Objective.Builder objective = Objective.builder(sd);
    boolean needD = config.lambdaAdv() > 0 || config.lambdaStyle() > 0;
    if (needD) {
      Discriminator.Output out =
          discriminator.apply(gRoot.child(D), sd.concat(0, fake, real), config.styleLayer());
      if (config.lambdaAdv() > 0) {
        SDVariable fakeLogits = rows(out.logit(), 1, 0, b).rename(FAKE_LOGITS);
        objective.add(
            "adv",
            config.lambdaAdv(),
            NonSaturatingLoss.builder().build().generator(sd, fakeLogits));
      }
      if (config.lambdaStyle() > 0) {
        SDVariable features = out.styleFeature(config.styleLayer());
        DiscriminatorConfig dc = discriminator.config();
        long channels = dc.blockChannels(Math.min(config.styleLayer() - 1, dc.blocks()));
        SDVariable maps = features.reshape(2L * b, channels, 1, 1);
        objective.add(
            "sty",
            config.lambdaStyle(),
            StyleLoss.builder().build().apply(sd, rows(maps, 4, 0, b), rows(maps, 4, b, 2L * b)));
      }
    }
    if (config.lambdaContent() > 0) {
      // Σ ŷ ⊙ g with g = ∂(λ_con·L_con)/∂ŷ fed as a constant: the content term's exact parameter
      // gradient without E_c(ŷ) in this graph, where M2.1 cannot differentiate it (see
      // ContentLossGradient; λ_con is in g already).
      SDVariable gradient = sd.placeHolder(CONTENT_GRADIENT, DataType.FLOAT, b, 3, size, size);
      objective.add(CONTENT, 1, fake.mul(gradient).sum());
    }
    for (int i = 0; i < translation.masks().size(); i++) {
      translation.masks().get(i).rename(MASK + i);
    }
    if (config.lambdaMask() > 0) {
      objective.add(
          "msk",
          config.lambdaMask(),
          MaskSparsityLoss.builder().build().apply(sd, translation.masks()));
    }
    if (config.lambdaReconstruction() > 0) {
      GeneratorOutput reconstruction =
          generator.apply(g, cy, s, options().withSkip(config.useAllSkip()));
      SDVariable recon = reconstruction.image().rename(RECON);
      objective.add(
          "rec", config.lambdaReconstruction(), L1Loss.builder().build().apply(sd, recon, real));
      if (config.lambdaPerceptual() > 0) {
        objective.add(
            "perc",
            config.lambdaReconstruction() * config.lambdaPerceptual(),
            PerceptualTerm.loss(extractor).apply(gRoot.child("perceptual"), recon, real));
      }
    }
    return objective.build("g_loss");
  }

  private Objective buildDiscriminatorGraph() {
    SameDiff sd = dRoot.sd();
    int b = config.batchSize();
    SDVariable fake = sd.placeHolder(FAKE, DataType.FLOAT, b, 3, size, size);
    SDVariable real = sd.placeHolder(REAL, DataType.FLOAT, b, 3, size, size);
    SDVariable logits = discriminator.apply(dRoot.child(D), sd.concat(0, fake, real)).logit();
    SDVariable fakeLogits = rows(logits, 1, 0, b).rename(FAKE_LOGITS);
    SDVariable realLogits = rows(logits, 1, b, 2L * b).rename(REAL_LOGITS);
    SDVariable loss = NonSaturatingLoss.builder().build().discriminator(sd, realLogits, fakeLogits);
    return Objective.builder(sd).add("d_adv", 1, loss).build("d_loss");
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
    return StageTwoWeights.export(dRoot.sd(), D + ".");
  }

  /**
   * Every g.* tensor of a whole generator (all six layers, whatever scale is trained): {@code
   * weights} (local names, checked strictly) when given, else the seeded initialisation, which the
   * G graph's variables of the same names share.
   */
  private Map<String, INDArray> fullGenerator(Map<String, INDArray> weights) {
    Scope full = Scope.root(SameDiff.create(), Mode.INFERENCE, config.seed());
    SDVariable y = full.sd().placeHolder(STYLE, DataType.FLOAT, -1, 3, size, size);
    Scope g = full.child(G);
    generator.apply(
        g,
        encoder.placeholders(full.sd(), ""),
        generator.encodeStyle(g, y).code(),
        GeneratorOptions.DEFAULT);
    if (weights != null) {
      StageTwoWeights.load(full.sd(), G, weights);
    }
    Map<String, INDArray> out = new TreeMap<>();
    StageTwoWeights.export(full.sd(), G + ".").forEach((k, v) -> out.put(G + "." + k, v));
    return out;
  }

  /** Copies D's parameters and buffers from {@code source} into every other graph holding D. */
  private void syncDiscriminatorFrom(SameDiff source) {
    List<SameDiff> copies = new ArrayList<>(List.of(dRoot.sd()));
    if (r1 != null) {
      copies.add(r1.graph());
    }
    if (generatorReadsD) {
      copies.add(gRoot.sd());
    }
    for (SameDiff target : copies) {
      if (target != source) {
        for (String name : discriminatorVariables) {
          target.getArrForVarName(name).assign(source.getArrForVarName(name));
        }
      }
    }
  }

  /** Builds a {@link GpUnitTrainer}; config, data, content encoder and checkpoint required. */
  public static final class Builder extends TrainerBuilder<GpUnitTrainerConfig, Builder> {
    private ContentEncoderFile contentEncoder;
    private Map<String, INDArray> generatorWeights;
    private Map<String, INDArray> discriminatorWeights;
    private FeatureExtractor perceptual;
    private int samplerCodes = SAMPLER_CODES;
    private SamplerFitting.Config samplerFitting;

    private Builder() {}

    /**
     * The frozen content encoder: its weights and the resolution R stage 1 trained it at (a
     * finished run's {@link PriorDistillationTrainer#contentEncoder()}, or {@link
     * ContentEncoderFile#read} of its file; the released {@code content_encoder.pt} is at 256). The
     * saved model records R, and {@code Translator} runs E<sub>c</sub> there.
     */
    public Builder contentEncoder(ContentEncoderFile encoder) {
      this.contentEncoder = Preconditions.checkNotNull(encoder, "contentEncoder");
      return this;
    }

    /**
     * G's starting weights (default: the seeded initialisation), under {@code state_dict} names
     * ({@code model.0.reslayer.conv_0.weight}, {@code style_encoder.mlp.0.weight}, …, as {@code
     * ckpt["g"]} or {@code ckpt["g_ema"]} of an official checkpoint): to fine-tune a released model
     * or continue another run. Every tensor of the whole generator is required, of the shapes the
     * {@link GpUnitTrainerConfig}'s widths and the content encoder's give; the EMA copy starts from
     * them too.
     */
    public Builder generatorWeights(Map<String, INDArray> weights) {
      this.generatorWeights = Map.copyOf(weights);
      return this;
    }

    /**
     * D's starting parameters and spectral-norm vectors (default: the seeded initialisation), under
     * {@code state_dict} names ({@code model.0.weight_orig}, {@code model.0.weight_u}, …); every
     * tensor required, of the shapes {@link GpUnitTrainerConfig#discriminatorWidth()} and {@link
     * GpUnitTrainerConfig#discriminatorMaxWidth()} give at the data's size.
     */
    public Builder discriminatorWeights(Map<String, INDArray> weights) {
      this.discriminatorWeights = Map.copyOf(weights);
      return this;
    }

    /** The perceptual feature extractor; default {@code RandomConvFeatures.withWidth(16)}. */
    public Builder perceptual(FeatureExtractor extractor) {
      this.perceptual = extractor;
      return this;
    }

    /**
     * How {@link #finish()} fits the style sampler: to the EMA style codes of {@code codes}
     * target-domain images, with {@code fitting} (default: {@value #SAMPLER_CODES} codes, the
     * official ICP settings, which run 2,000,000 / N epochs, sized for thousands of codes).
     */
    public Builder sampler(int codes, SamplerFitting.Config fitting) {
      Preconditions.checkArgument(codes >= 2, "the sampler needs >= 2 style codes, got %s", codes);
      this.samplerCodes = codes;
      this.samplerFitting = Preconditions.checkNotNull(fitting, "fitting");
      return this;
    }

    public GpUnitTrainer build() {
      return new GpUnitTrainer(this);
    }
  }
}

package io.gpunit.models.gpunit.stage2;

import static io.gpunit.core.nn.BatchRows.rows;

import io.gpunit.core.image.Flip;
import io.gpunit.core.memory.DeferredInput;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.adversarial.NonSaturatingLoss;
import io.gpunit.losses.objective.Objective;
import io.gpunit.losses.perceptual.FeatureExtractor;
import io.gpunit.losses.reconstruction.L1Loss;
import io.gpunit.losses.regularization.MaskSparsityLoss;
import io.gpunit.losses.style.StyleLoss;
import io.gpunit.models.gpunit.ContentFeatures;
import io.gpunit.models.gpunit.Discriminator;
import io.gpunit.models.gpunit.DiscriminatorConfig;
import io.gpunit.models.gpunit.Generator;
import io.gpunit.models.gpunit.GeneratorOptions;
import io.gpunit.models.gpunit.GeneratorOutput;
import io.gpunit.models.gpunit.PerceptualTerm;
import io.gpunit.models.training.OfficialInit;
import io.gpunit.models.training.checkpoint.GraphVariables;
import io.gpunit.models.training.optim.Adam;
import io.gpunit.models.training.optim.GradientStep;
import io.gpunit.models.training.optim.ParameterGroup;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * G's update (with its style encoder), one Adam step on
 *
 * <pre>
 *   L_G = λ_adv·softplus(−D(ŷ)) + λ_con·|E_c(ŷ) − c6_x|₁ + λ_sty·|μ(D_l(ŷ)) − sg(μ(D_l(y)))|₁
 *       + λ_msk·Σ_k mean|m_k| + λ_rec·(|ȳ − y|₁ + λ_perc·L_perc(ȳ, y))
 * </pre>
 *
 * with ŷ, m = G(c_x, s), ȳ = G(c_y, s), s = E_s(y'), on a graph of its own (with a copy of D when
 * the adversarial or style term is on). The content term enters as the surrogate Σ ŷ ⊙ g, g =
 * ∂(λ_con ·L_con)/∂ŷ computed by the {@link FrozenContentEncoder}: same parameter gradient.
 */
final class GeneratorUpdate {

  static final String STYLE = "style";
  static final String RECON = "recon";
  static final String CONTENT = "con";
  static final String CONTENT_GRADIENT = "con.gradient";
  static final String MASK = "mask";
  private static final String REAL = DiscriminatorUpdate.REAL;
  private static final String FAKE = DiscriminatorUpdate.FAKE;
  private static final String FAKE_LOGITS = DiscriminatorUpdate.FAKE_LOGITS;

  /**
   * One step's batch; what ŷ = G(c_x, s) needs (s and x's content features); the G graph's feed
   * (that, y and y's content features) but for the content gradient, which the update computes.
   */
  record Inputs(
      INDArray x, INDArray y, Map<String, INDArray> translationFeed, Map<String, INDArray> feed) {}

  /** One update's result, and λ_con·L_con at the ŷ it computed (0 without the content term). */
  record Update(GradientStep.Result result, double content) {}

  private final GpUnitTrainerConfig config;
  private final String prefix;
  private final String discriminatorPrefix;
  private final Generator generator;
  private final FrozenContentEncoder encoder;
  private final GeneratorOptions options;
  private final int size;
  private final Scope root;
  private final Map<String, INDArray> initial;
  private final GradientStep step;

  /**
   * @param prefix G's scope; {@code discriminatorPrefix} D's (in this graph, when read)
   * @param options the scale G is trained at
   * @param initialWeights G's starting tensors under {@code state_dict} names, or null for the
   *     seeded initialisation ({@code train.py}'s with {@link GpUnitTrainerConfig#officialInit()})
   */
  GeneratorUpdate(
      Generator generator,
      String prefix,
      Discriminator discriminator,
      String discriminatorPrefix,
      FrozenContentEncoder encoder,
      GpUnitTrainerConfig config,
      int size,
      GeneratorOptions options,
      FeatureExtractor extractor,
      Map<String, INDArray> initialWeights) {
    this.config = config;
    this.prefix = prefix;
    this.discriminatorPrefix = discriminatorPrefix;
    this.generator = generator;
    this.encoder = encoder;
    this.options = options;
    this.size = size;
    this.root = Scope.root(SameDiff.create(), Mode.TRAINING, config.seed());
    Objective objective = objective(discriminator, extractor);
    this.initial = wholeGenerator(initialWeights, config.officialInit(), config.seed());
    StageTwoWeights.assign(root.sd(), prefix + ".", initial);
    this.step =
        GradientStep.builder()
            .optimizer(new Adam(prefix, config.adam(), parameters()))
            .objective(objective)
            .bufferUpdates(root.bufferUpdates())
            .output(existing(root.sd(), FAKE, RECON, FAKE_LOGITS, MASK + 0, MASK + 1))
            .build();
  }

  /** The graph (it holds G's current parameters). */
  SameDiff graph() {
    return root.sd();
  }

  /** G's parameters in the graph. */
  ParameterGroup parameters() {
    return ParameterGroup.withPrefix(root, prefix + ".");
  }

  /** G's Adam, a checkpoint part. */
  Adam adam() {
    return step.optimizer();
  }

  /** G's variables, a checkpoint part. */
  GraphVariables variables() {
    return GraphVariables.withPrefix(root, prefix + ".");
  }

  /**
   * Every tensor of the whole generator as it started (all six layers, whatever scale is trained),
   * under {@code prefix.} names.
   */
  Map<String, INDArray> initial() {
    return initial;
  }

  /**
   * One update on {@code in}: losses, outputs (ŷ, ȳ, masks, D(ŷ)) and G's gradients. With the
   * content term, g = ∂(λ_con·L_con)/∂ŷ is computed within the pass from its own ŷ ({@link
   * DeferredInput}) instead of from a forward pass of G's of its own before it: the same ŷ (the
   * same ops on the same inputs), one G forward less per step.
   */
  Update update(Inputs in) {
    if (!encoder.hasContentLoss()) {
      return new Update(step.run(in.feed()), 0);
    }
    double[] content = {Double.NaN};
    DeferredInput gradient =
        new DeferredInput(
            CONTENT_GRADIENT,
            List.of(FAKE),
            values -> {
              ContentLossGradient.Result con = contentLoss(in, values.get(FAKE));
              content[0] = con.value();
              return con.gradient();
            });
    GradientStep.Result result =
        step.run(in.feed(), List.of(gradient), List.of(), pass -> Map.of());
    return new Update(result, content[0]);
  }

  /**
   * The G graph's feed for content {@code x} and targets {@code y} (their exemplars flipped when
   * {@code flip}), without the content gradient.
   */
  Inputs inputs(INDArray x, INDArray y, boolean flip) {
    INDArray style = flip ? Flip.horizontally(y) : y;

    Map<String, INDArray> translationFeed = new LinkedHashMap<>();
    translationFeed.put(STYLE, style);
    Map<String, INDArray> feed = new LinkedHashMap<>();
    feed.put(REAL, y);
    encoder
        .encode(x, y)
        .forEach((name, c) -> (name.startsWith("x.") ? translationFeed : feed).put(name, c));
    feed.putAll(translationFeed);
    return new Inputs(x, y, translationFeed, feed);
  }

  /**
   * {@code in}'s whole feed, the content gradient computed from a forward pass of G's of its own
   * (for tests, and for gradients without an update).
   */
  Map<String, INDArray> wholeFeed(Inputs in) {
    if (!encoder.hasContentLoss()) {
      return in.feed();
    }
    Map<String, INDArray> feed = new LinkedHashMap<>(in.feed());
    feed.put(CONTENT_GRADIENT, contentLoss(in).gradient());
    return feed;
  }

  /** λ_con·L_con and its gradient at ŷ = G(c_x, s) at G's current parameters. */
  ContentLossGradient.Result contentLoss(Inputs in) {
    return contentLoss(in, translate(in.translationFeed()));
  }

  private ContentLossGradient.Result contentLoss(Inputs in, INDArray translation) {
    return encoder.contentLoss(translation, in.translationFeed().get("x.c6"));
  }

  /** ŷ = G(c_x, s) [N, 3, S, S] at G's current parameters, from s and x's content features. */
  INDArray translate(Map<String, INDArray> translationFeed) {
    return Inference.output(root.sd(), translationFeed, FAKE).get(FAKE);
  }

  private Objective objective(Discriminator discriminator, FeatureExtractor extractor) {
    SameDiff sd = root.sd();
    int b = config.batchSize();
    SDVariable style = sd.placeHolder(STYLE, DataType.FLOAT, b, 3, size, size);
    SDVariable real = sd.placeHolder(REAL, DataType.FLOAT, b, 3, size, size);
    ContentFeatures cx = encoder.placeholders(sd, "x.");
    ContentFeatures cy = encoder.placeholders(sd, "y.");
    Scope g = root.child(prefix);
    SDVariable s = generator.encodeStyle(g, style).code();
    GeneratorOutput translation = generator.apply(g, cx, s, options);
    SDVariable fake = translation.image().rename(FAKE);

    Objective.Builder objective = Objective.builder(sd);
    boolean needD = config.lambdaAdv() > 0 || config.lambdaStyle() > 0;
    if (needD) {
      Discriminator.Output out =
          discriminator.apply(
              root.child(discriminatorPrefix), sd.concat(0, fake, real), config.styleLayer());
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
          generator.apply(g, cy, s, options.withSkip(config.useAllSkip()));
      SDVariable recon = reconstruction.image().rename(RECON);
      objective.add(
          "rec", config.lambdaReconstruction(), L1Loss.builder().build().apply(sd, recon, real));
      if (config.lambdaPerceptual() > 0) {
        objective.add(
            "perc",
            config.lambdaReconstruction() * config.lambdaPerceptual(),
            PerceptualTerm.loss(extractor).apply(root.child("perceptual"), recon, real));
      }
    }
    return objective.build("g_loss");
  }

  /**
   * Every g.* tensor of a whole generator (all six layers, whatever scale is trained): {@code
   * weights} (local names, checked strictly) when given, else the seeded initialisation, {@code
   * train.py}'s when {@code official}.
   */
  private Map<String, INDArray> wholeGenerator(
      Map<String, INDArray> weights, boolean official, long seed) {
    Scope full = Scope.root(SameDiff.create(), Mode.INFERENCE, seed);
    SDVariable y = full.sd().placeHolder(STYLE, DataType.FLOAT, -1, 3, size, size);
    Scope g = full.child(prefix);
    generator.apply(
        g,
        encoder.placeholders(full.sd(), ""),
        generator.encodeStyle(g, y).code(),
        GeneratorOptions.DEFAULT);
    if (weights != null) {
      StageTwoWeights.load(full.sd(), prefix, weights);
    } else if (official) {
      OfficialInit.KAIMING.apply(full.sd(), prefix + ".", seed);
    }
    Map<String, INDArray> out = new TreeMap<>();
    StageTwoWeights.export(full.sd(), prefix + ".").forEach((k, v) -> out.put(prefix + "." + k, v));
    return out;
  }

  /** The names among {@code names} that {@code sd} has (outputs of terms that may be off). */
  private static String[] existing(SameDiff sd, String... names) {
    return Arrays.stream(names).filter(sd::hasVariable).toArray(String[]::new);
  }
}

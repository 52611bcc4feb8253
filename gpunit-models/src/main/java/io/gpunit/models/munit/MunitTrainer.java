package io.gpunit.models.munit;

import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.losses.objective.Objective;
import io.gpunit.losses.reconstruction.L1Loss;
import io.gpunit.models.ModelFile;
import io.gpunit.models.baselines.AlternatingUpdates;
import io.gpunit.models.baselines.MsImageDis;
import io.gpunit.models.baselines.TwoDomainRun;
import io.gpunit.models.training.ModelTrainer;
import io.gpunit.models.training.TrainerBuilder;
import io.gpunit.models.training.TrainingRun;
import io.gpunit.models.training.random.RandomArrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The MUNIT trainer (Huang et al. 2018; the official {@code MUNIT_Trainer}): generators {@code
 * gen_a}, {@code gen_b} ({@link AdaInGenerator}) and multi-scale LSGAN discriminators {@code
 * dis_a}, {@code dis_b} ({@link MsImageDis}). Per step, with s_a, s_b ~ N(0, I) drawn afresh for
 * each update:
 *
 * <pre>
 * dis_update:  x_ba = G_a(E^c_b(x_b), s_a),  x_ab = G_b(E^c_a(x_a), s_b)
 *              L_D = gan_w·(L_D(dis_a; sg(x_ba), x_a) + L_D(dis_b; sg(x_ab), x_b))
 * gen_update:  (c_a, s_a') = E_a(x_a), (c_b, s_b') = E_b(x_b), x_ba, x_ab as above,
 *              (c_b^r, s_a^r) = E_a(x_ba), (c_a^r, s_b^r) = E_b(x_ab)
 *   L_G = gan_w·(L_G(dis_a; x_ba) + L_G(dis_b; x_ab))
 *       + recon_x_w·(|G_a(c_a, s_a') − x_a|₁ + |G_b(c_b, s_b') − x_b|₁)          image reconstruction (10)
 *       + recon_s_w·(|s_a^r − s_a|₁ + |s_b^r − s_b|₁)                            style reconstruction (1)
 *       + recon_c_w·(|c_a^r − c_a|₁ + |c_b^r − c_b|₁)                            content reconstruction (1)
 *       + recon_x_cyc_w·(|G_a(c_a^r, s_a') − x_a|₁ + |G_b(c_b^r, s_b') − x_b|₁)  cycle (0, not built)
 * </pre>
 *
 * with |·|₁ the mean absolute error, each optimised by Adam (lr 1e-4, betas (0.5, 0.999), weight
 * decay 1e-4), discriminators first, as {@code train.py} does. Reported terms are the weighted
 * values {@code dis_a, dis_b, gen_adv_a, gen_adv_b, recon_x_a, recon_x_b, recon_s_a, recon_s_b,
 * recon_c_a, recon_c_b} (and {@code cyc_x_a, cyc_x_b} if recon_x_cyc_w &gt; 0).
 *
 * <p>Differences from the official trainer: no VGG term ({@code vgg_w} is 0 in the released
 * configs); the step learning-rate schedule ({@code step_size} 100k) is not applied; style codes
 * are [N, style_dim] instead of [N, style_dim, 1, 1]. All randomness (data, style codes) is drawn
 * per step from {@code TrainingRandom.forStep}, so {@link #resume()} continues a run exactly.
 */
public final class MunitTrainer implements ModelTrainer {

  private static final String TRANSLATION = "x_ab";

  private final MunitTrainerConfig config;
  private final int imageSize;
  private final AdaInGenerator generator;
  private final MsImageDis discriminator;
  private final AlternatingUpdates updates;
  private final SameDiff translationGraph;
  private final TrainingRun run;

  private MunitTrainer(Builder b) {
    this.config = b.config();
    this.imageSize = b.data().imageSize();
    config.generator().checkImageSize(imageSize);
    config.discriminator().checkImageSize(imageSize);
    this.generator = new AdaInGenerator(config.generator());
    this.discriminator = new MsImageDis(config.discriminator());
    TwoDomainRun twoDomains =
        TwoDomainRun.builder()
            .data(b.data())
            .checkpoint(b.checkpoint())
            .domains(b.domains())
            .training(config, config.batchSize(), config.adam(), config.seed())
            .objectives(this::generatorObjective, this::discriminatorObjective)
            .build();
    this.updates = twoDomains.updates();
    this.translationGraph = twoDomains.discriminatorGraph();
    this.run = twoDomains.run();
  }

  public static Builder builder() {
    return new Builder();
  }

  public MunitTrainerConfig config() {
    return config;
  }

  @Override
  public TrainingRun trainingRun() {
    return run;
  }

  @Override
  public String architecture() {
    return ModelFile.MUNIT;
  }

  @Override
  public Map<String, INDArray> modelWeights() {
    return generatorWeights();
  }

  @Override
  public Map<String, Double> run(long step) {
    TwoDomainBatch batch = run.batch(step);
    return updates
        .run(feed(batch, run.random(step, "dis_style")), feed(batch, run.random(step, "gen_style")))
        .losses();
  }

  /**
   * A→B translations G_b(E^c_a(x), s) of {@code images} [N, 3, S, S] with style codes {@code
   * styles} [N, styleDim], with the current weights (the discriminator update's forward pass).
   */
  public INDArray translate(INDArray images, INDArray styles) {
    Map<String, INDArray> feed = new LinkedHashMap<>();
    feed.put("x_a", images.castTo(DataType.FLOAT));
    feed.put("s_b", styles.castTo(DataType.FLOAT));
    return Inference.output(translationGraph, feed, TRANSLATION).get(TRANSLATION);
  }

  /**
   * Copies of the generators' parameters under the official names ({@code gen_a.*}, {@code
   * gen_b.*}).
   */
  public Map<String, INDArray> generatorWeights() {
    return updates.generatorWeights();
  }

  /** The batch and fresh style codes s_a, s_b ~ N(0, I) [B, styleDim] drawn from {@code rng}. */
  private Map<String, INDArray> feed(TwoDomainBatch batch, SplitMix64 rng) {
    int b = batch.size();
    int styleDim = config.generator().styleDim();
    Map<String, INDArray> feed = new LinkedHashMap<>();
    feed.put("x_a", batch.a());
    feed.put("x_b", batch.b());
    feed.put("s_a", RandomArrays.gaussian(rng, DataType.FLOAT, b, styleDim));
    feed.put("s_b", RandomArrays.gaussian(rng, DataType.FLOAT, b, styleDim));
    return feed;
  }

  private record Inputs(SDVariable xa, SDVariable xb, SDVariable sa, SDVariable sb) {
    static Inputs of(SameDiff sd, int imageSize, int styleDim) {
      return new Inputs(
          sd.placeHolder("x_a", DataType.FLOAT, -1, 3, imageSize, imageSize),
          sd.placeHolder("x_b", DataType.FLOAT, -1, 3, imageSize, imageSize),
          sd.placeHolder("s_a", DataType.FLOAT, -1, styleDim),
          sd.placeHolder("s_b", DataType.FLOAT, -1, styleDim));
    }
  }

  private Objective discriminatorObjective(Scope root) {
    SameDiff sd = root.sd();
    Inputs in = Inputs.of(sd, imageSize, config.generator().styleDim());
    Scope genA = root.child("gen_a");
    Scope genB = root.child("gen_b");
    SDVariable xba = generator.decode(genA, generator.encodeContent(genB, in.xb()), in.sa());
    SDVariable xab = generator.decode(genB, generator.encodeContent(genA, in.xa()), in.sb());
    sd.identity(TRANSLATION, xab);
    return Objective.builder(sd)
        .add(
            "dis_a",
            config.ganW(),
            discriminator.discriminatorLoss(root.child("dis_a"), xba, in.xa()))
        .add(
            "dis_b",
            config.ganW(),
            discriminator.discriminatorLoss(root.child("dis_b"), xab, in.xb()))
        .build("dis_total");
  }

  private Objective generatorObjective(Scope root) {
    SameDiff sd = root.sd();
    Inputs in = Inputs.of(sd, imageSize, config.generator().styleDim());
    Scope genA = root.child("gen_a");
    Scope genB = root.child("gen_b");
    SDVariable ca = generator.encodeContent(genA, in.xa());
    SDVariable saPrime = generator.encodeStyle(genA, in.xa());
    SDVariable cb = generator.encodeContent(genB, in.xb());
    SDVariable sbPrime = generator.encodeStyle(genB, in.xb());
    SDVariable xaRecon = generator.decode(genA, ca, saPrime);
    SDVariable xbRecon = generator.decode(genB, cb, sbPrime);
    SDVariable xba = generator.decode(genA, cb, in.sa());
    SDVariable xab = generator.decode(genB, ca, in.sb());
    SDVariable cbRecon = generator.encodeContent(genA, xba);
    SDVariable saRecon = generator.encodeStyle(genA, xba);
    SDVariable caRecon = generator.encodeContent(genB, xab);
    SDVariable sbRecon = generator.encodeStyle(genB, xab);
    Objective.Builder objective =
        Objective.builder(sd)
            .add("gen_adv_a", config.ganW(), discriminator.generatorLoss(root.child("dis_a"), xba))
            .add("gen_adv_b", config.ganW(), discriminator.generatorLoss(root.child("dis_b"), xab))
            .add("recon_x_a", config.reconXW(), l1(sd, xaRecon, in.xa()))
            .add("recon_x_b", config.reconXW(), l1(sd, xbRecon, in.xb()))
            .add("recon_s_a", config.reconSW(), l1(sd, saRecon, in.sa()))
            .add("recon_s_b", config.reconSW(), l1(sd, sbRecon, in.sb()))
            .add("recon_c_a", config.reconCW(), l1(sd, caRecon, ca))
            .add("recon_c_b", config.reconCW(), l1(sd, cbRecon, cb));
    if (config.reconXCycW() > 0) {
      objective
          .add(
              "cyc_x_a",
              config.reconXCycW(),
              l1(sd, generator.decode(genA, caRecon, saPrime), in.xa()))
          .add(
              "cyc_x_b",
              config.reconXCycW(),
              l1(sd, generator.decode(genB, cbRecon, sbPrime), in.xb()));
    }
    return objective.build("gen_total");
  }

  /** MUNIT's {@code recon_criterion}: mean |x − y|. */
  private static SDVariable l1(SameDiff sd, SDVariable prediction, SDVariable target) {
    return L1Loss.builder().build().apply(sd, prediction, target);
  }

  /** Builds a {@link MunitTrainer}; config, data and checkpoint are required. */
  public static final class Builder extends TrainerBuilder<MunitTrainerConfig, Builder> {
    private Builder() {}

    public MunitTrainer build() {
      return new MunitTrainer(this);
    }
  }
}

package io.gpunit.models.unit;

import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.losses.latent.KlLoss;
import io.gpunit.losses.objective.Objective;
import io.gpunit.losses.reconstruction.CycleConsistencyLoss;
import io.gpunit.losses.reconstruction.L1Loss;
import io.gpunit.models.ModelFile;
import io.gpunit.models.baselines.AlternatingUpdates;
import io.gpunit.models.baselines.GeneratorShape;
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
import org.nd4j.linalg.factory.Nd4j;

/**
 * The UNIT trainer (Liu et al. 2017; the official PyTorch {@code UNIT_Trainer}): VAEs {@code
 * gen_a}, {@code gen_b} ({@link VaeGenerator}, with shared blocks) and multi-scale LSGAN
 * discriminators {@code dis_a}, {@code dis_b} ({@link io.gpunit.models.baselines.MsImageDis}). With
 * z = μ + η, η ~ N(0, I) drawn afresh for every encoding:
 *
 * <pre>
 * dis_update:  x_ba = G_a(E_b(x_b) + η),  x_ab = G_b(E_a(x_a) + η)
 *              L_D = gan_w·(L_D(dis_a; sg(x_ba), x_a) + L_D(dis_b; sg(x_ab), x_b))
 * gen_update:  μ_a = E_a(x_a), μ_b = E_b(x_b), x_ba, x_ab as above,
 *              μ_a^r = E_b(x_ab), μ_b^r = E_a(x_ba), x_aba = G_a(μ_a^r + η), x_bab = G_b(μ_b^r + η)
 *   L_G = gan_w·(L_G(dis_a; x_ba) + L_G(dis_b; x_ab))                            GAN
 *       + recon_x_w·(|G_a(μ_a + η) − x_a|₁ + |G_b(μ_b + η) − x_b|₁)               VAE reconstruction
 *       + recon_kl_w·(mean(μ_a²) + mean(μ_b²))                                   VAE KL
 *       + recon_x_cyc_w·(|x_aba − x_a|₁ + |x_bab − x_b|₁)                         cycle reconstruction
 *       + recon_kl_cyc_w·(mean((μ_a^r)²) + mean((μ_b^r)²))                        cycle KL
 * </pre>
 *
 * each optimised by Adam (lr 1e-4, betas (0.5, 0.999), weight decay 1e-4), discriminators first.
 *
 * <p><b>Weights.</b> The paper (eq. 2–5, §2) weights GAN : KL : reconstruction : cycle-KL : cycle
 * as λ₀ = 10, λ₁ = 0.1, λ₂ = 100, λ₃ = 0.1, λ₄ = 100. The official config divides all of them by
 * 10, which leaves the optimum unchanged and keeps Adam's step size meaningful: {@code gan_w} =
 * λ₀/10 = 1, {@code recon_kl_w} = λ₁/10 = 0.01, {@code recon_x_w} = λ₂/10 = 10, {@code
 * recon_kl_cyc_w} = λ₃/10 = 0.01, {@code recon_x_cyc_w} = λ₄/10 = 10 — the defaults here. (The
 * paper's KL is ½‖μ‖² summed; the code's is the mean of μ², see {@link KlLoss}.)
 *
 * <p>Reported terms are the weighted values {@code dis_a, dis_b, gen_adv_a, gen_adv_b, recon_x_a,
 * recon_x_b, kl_a, kl_b, cyc_x_a, cyc_x_b, kl_cyc_aba, kl_cyc_bab}. Differences from the official
 * trainer: no VGG term, no learning-rate schedule; the shared blocks (see {@link VaeGenerator}).
 * All randomness is drawn per step from the run's {@code TrainingRandom}, so {@link #resume()}
 * continues a run exactly.
 */
public final class UnitTrainer implements ModelTrainer {

  private static final String TRANSLATION = "x_ab";
  private static final String[] NOISE = {"n_a", "n_b", "n_a_recon", "n_b_recon"};

  private final UnitTrainerConfig config;
  private final int imageSize;
  private final VaeGenerator generator;
  private final MsImageDis discriminator;
  private final AlternatingUpdates updates;
  private final SameDiff translationGraph;
  private final TrainingRun run;

  private UnitTrainer(Builder b) {
    this.config = b.config();
    this.imageSize = b.data().imageSize();
    config.generator().checkImageSize(imageSize);
    config.discriminator().checkImageSize(imageSize);
    this.generator =
        new VaeGenerator(
            config.generator(), config.sharedEncoderBlocks(), config.sharedDecoderBlocks());
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

  public UnitTrainerConfig config() {
    return config;
  }

  @Override
  public TrainingRun trainingRun() {
    return run;
  }

  @Override
  public String architecture() {
    return ModelFile.UNIT;
  }

  @Override
  public Map<String, INDArray> modelWeights() {
    return generatorWeights();
  }

  /** The generator update's graph (every parameter's current value), e.g. to inspect sharing. */
  public SameDiff generatorGraph() {
    return updates.generatorGraph();
  }

  @Override
  public Map<String, Double> run(long step) {
    TwoDomainBatch batch = run.batch(step);
    return updates
        .run(
            feed(batch, run.random(step, "dis_noise"), 2),
            feed(batch, run.random(step, "gen_noise"), 4))
        .losses();
  }

  /**
   * A→B translations G_b(E_a(x)) of {@code images} [N, 3, S, S] from the latent means (no noise),
   * with the current weights (the discriminator update's forward pass).
   */
  public INDArray translate(INDArray images) {
    Map<String, INDArray> feed = new LinkedHashMap<>();
    feed.put("x_a", images.castTo(DataType.FLOAT));
    feed.put("n_a", Nd4j.zeros(DataType.FLOAT, latentShape((int) images.size(0))));
    return Inference.output(translationGraph, feed, TRANSLATION).get(TRANSLATION);
  }

  /**
   * Copies of both generators' parameters under the official names ({@code gen_a.*}, {@code
   * gen_b.*}); a shared block's parameters appear under both (as in a model without sharing whose
   * blocks happen to be equal).
   */
  public Map<String, INDArray> generatorWeights() {
    Map<String, INDArray> weights = updates.generatorWeights();
    Map<String, INDArray> out = new LinkedHashMap<>(weights);
    for (String block : generator.sharedBlockPrefixes()) {
      weights.forEach(
          (name, value) -> {
            if (name.startsWith("gen_a." + block)) {
              out.put("gen_b." + name.substring("gen_a.".length()), value.dup());
            }
          });
    }
    return out;
  }

  private long[] latentShape(int n) {
    GeneratorShape g = config.generator();
    int side = g.contentSize(imageSize);
    return new long[] {n, g.contentChannels(), side, side};
  }

  /** The batch and {@code count} noise tensors η ~ N(0, I) drawn from {@code rng}. */
  private Map<String, INDArray> feed(TwoDomainBatch batch, SplitMix64 rng, int count) {
    Map<String, INDArray> feed = new LinkedHashMap<>();
    feed.put("x_a", batch.a());
    feed.put("x_b", batch.b());
    for (int i = 0; i < count; i++) {
      feed.put(NOISE[i], RandomArrays.gaussian(rng, DataType.FLOAT, latentShape(batch.size())));
    }
    return feed;
  }

  /**
   * The graph inputs: both batches, the noise η of each latent and, in the generator update, the
   * noise of the cycle's latents ({@code null} in the discriminator update, which has no cycle).
   */
  private record Inputs(
      SDVariable xa,
      SDVariable xb,
      SDVariable na,
      SDVariable nb,
      SDVariable naRecon,
      SDVariable nbRecon) {

    static Inputs of(SameDiff sd, int imageSize, long[] latent, boolean cycle) {
      return new Inputs(
          sd.placeHolder("x_a", DataType.FLOAT, -1, 3, imageSize, imageSize),
          sd.placeHolder("x_b", DataType.FLOAT, -1, 3, imageSize, imageSize),
          sd.placeHolder(NOISE[0], DataType.FLOAT, latent),
          sd.placeHolder(NOISE[1], DataType.FLOAT, latent),
          cycle ? sd.placeHolder(NOISE[2], DataType.FLOAT, latent) : null,
          cycle ? sd.placeHolder(NOISE[3], DataType.FLOAT, latent) : null);
    }
  }

  private Objective discriminatorObjective(Scope root) {
    SameDiff sd = root.sd();
    Inputs in = Inputs.of(sd, imageSize, latentShape(-1), false);
    Scope genA = root.child("gen_a");
    Scope genB = root.child("gen_b");
    SDVariable hA = generator.encode(genA, genA, in.xa());
    SDVariable hB = generator.encode(genB, genA, in.xb());
    SDVariable xba = generator.decode(genA, genA, hB.add(in.nb()));
    SDVariable xab = sd.identity(TRANSLATION, generator.decode(genB, genA, hA.add(in.na())));
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
    Inputs in = Inputs.of(sd, imageSize, latentShape(-1), true);
    Scope genA = root.child("gen_a");
    Scope genB = root.child("gen_b");
    SDVariable xa = in.xa();
    SDVariable xb = in.xb();
    SDVariable hA = generator.encode(genA, genA, xa);
    SDVariable hB = generator.encode(genB, genA, xb);
    SDVariable zA = hA.add(in.na());
    SDVariable zB = hB.add(in.nb());
    SDVariable xaRecon = generator.decode(genA, genA, zA);
    SDVariable xbRecon = generator.decode(genB, genA, zB);
    SDVariable xba = generator.decode(genA, genA, zB);
    SDVariable xab = generator.decode(genB, genA, zA);
    SDVariable hBRecon = generator.encode(genA, genA, xba);
    SDVariable hARecon = generator.encode(genB, genA, xab);
    Objective.Builder objective =
        Objective.builder(sd)
            .add("gen_adv_a", config.ganW(), discriminator.generatorLoss(root.child("dis_a"), xba))
            .add("gen_adv_b", config.ganW(), discriminator.generatorLoss(root.child("dis_b"), xab))
            .add("recon_x_a", config.reconXW(), L1Loss.builder().build().apply(sd, xaRecon, xa))
            .add("recon_x_b", config.reconXW(), L1Loss.builder().build().apply(sd, xbRecon, xb))
            .add("kl_a", config.reconKlW(), kl(sd, hA))
            .add("kl_b", config.reconKlW(), kl(sd, hB));
    if (config.reconXCycW() > 0) {
      SDVariable xaba = generator.decode(genA, genA, hARecon.add(in.naRecon()));
      SDVariable xbab = generator.decode(genB, genA, hBRecon.add(in.nbRecon()));
      objective
          .add(
              "cyc_x_a",
              config.reconXCycW(),
              CycleConsistencyLoss.builder().build().apply(sd, xaba, xa))
          .add(
              "cyc_x_b",
              config.reconXCycW(),
              CycleConsistencyLoss.builder().build().apply(sd, xbab, xb));
    }
    return objective
        .add("kl_cyc_aba", config.reconKlCycW(), kl(sd, hARecon))
        .add("kl_cyc_bab", config.reconKlCycW(), kl(sd, hBRecon))
        .build("gen_total");
  }

  private static SDVariable kl(SameDiff sd, SDVariable mu) {
    return KlLoss.builder().build().apply(sd, mu);
  }

  /** Builds a {@link UnitTrainer}; config, data and checkpoint are required. */
  public static final class Builder extends TrainerBuilder<UnitTrainerConfig, Builder> {
    private Builder() {}

    public UnitTrainer build() {
      return new UnitTrainer(this);
    }
  }
}

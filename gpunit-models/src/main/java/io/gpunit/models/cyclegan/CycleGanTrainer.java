package io.gpunit.models.cyclegan;

import static io.gpunit.core.nn.BatchRows.rows;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.losses.adversarial.LsganLoss;
import io.gpunit.losses.objective.Objective;
import io.gpunit.losses.reconstruction.CycleConsistencyLoss;
import io.gpunit.losses.reconstruction.IdentityLoss;
import io.gpunit.models.ModelFile;
import io.gpunit.models.training.ModelTrainer;
import io.gpunit.models.training.TrainerBuilder;
import io.gpunit.models.training.TrainingRun;
import io.gpunit.models.training.checkpoint.ConfigJson;
import io.gpunit.models.training.checkpoint.GraphVariables;
import io.gpunit.models.training.loop.SampleGridListener;
import io.gpunit.models.training.optim.Adam;
import io.gpunit.models.training.optim.GradientStep;
import io.gpunit.models.training.optim.ParameterGroup;
import io.gpunit.models.training.random.TrainingRandom;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * CycleGAN (Zhu et al. 2017; the official {@code cycle_gan_model.py}): generators G_A: A → B and
 * G_B: B → A ({@link ResnetGenerator}), discriminators D_A on domain B and D_B on domain A ({@link
 * PatchDiscriminator}). Each step, on a batch (a, b),
 *
 * <pre>
 *   L_G = L_lsgan(D_A(G_A(a))) + L_lsgan(D_B(G_B(b)))
 *       + λ_A·|G_B(G_A(a)) − a|₁ + λ_B·|G_A(G_B(b)) − b|₁
 *       + λ_idt·(λ_B·|G_A(b) − b|₁ + λ_A·|G_B(a) − a|₁)
 *   L_D_A = ½·(E[(D_A(b) − 1)²] + E[D_A(pool_B(G_A(a)))²])      (L_D_B likewise)
 * </pre>
 *
 * one Adam over both generators, then one Adam over both discriminators on the fakes of the same
 * forward pass, passed through an {@link ImagePool} each. Defaults are the official recipe: LSGAN,
 * λ_A = λ_B = 10, λ_idt = 0.5, Adam lr 2e-4, betas (0.5, 0.999), pool 50, weights N(0, 0.02²), ngf
 * = ndf = 64, 9 blocks, 3 discriminator layers, batch 1. Reported terms (weighted, official names):
 * {@code G_A, G_B, cycle_A, cycle_B, idt_A, idt_B, D_A, D_B}.
 *
 * <p>Differences from the official script: the learning rate stays constant (no linear decay
 * phase); data augmentation is the batch source's business. The two objectives live on two graphs
 * (one {@link GradientStep} each); the discriminators' updated weights are copied into the
 * generator graph after every step. The generators' calls are batched (G_A on [a; b], G_B on [b; a;
 * G_A(a)]), which is exact because instance norm works per image.
 *
 * <p>All randomness (data, pools) is drawn per step from {@link TrainingRandom#forStep}, and the
 * pools are checkpoint state, so {@link #resume()} continues a run exactly.
 */
public final class CycleGanTrainer implements ModelTrainer {

  private static final String G_A = "netG_A";
  private static final String G_B = "netG_B";
  private static final String D_A = "netD_A";
  private static final String D_B = "netD_B";
  private static final String REAL_A = "real_A";
  private static final String REAL_B = "real_B";
  private static final String FAKE_A = "fake_A";
  private static final String FAKE_B = "fake_B";
  private static final String REC_A = "rec_A";
  private static final String REC_B = "rec_B";

  private static final List<String> VISUALS = List.of(REAL_A, FAKE_B, REC_A, REAL_B, FAKE_A, REC_B);

  private final CycleGanTrainerConfig config;
  private final int size;
  private final Scope generatorRoot;
  private final Scope discriminatorRoot;
  private final GradientStep generatorStep;
  private final GradientStep discriminatorStep;
  private final ParameterGroup discriminators;
  private final ImagePool poolA;
  private final ImagePool poolB;
  private final TrainingRun run;
  private CycleGanNetwork network;

  private CycleGanTrainer(Builder b) {
    this.config = b.config();
    this.size = b.data().imageSize();
    Preconditions.checkArgument(
        size % 4 == 0, "CycleGAN needs an image size that is a multiple of 4, got %s", size);
    PatchDiscriminator discriminator = config.discriminator();
    Preconditions.checkArgument(
        discriminator.outputSize(size) >= 1,
        "a %s-layer PatchGAN discriminator has no output at %s² images; use fewer layers",
        config.discriminatorLayers(),
        size);
    this.generatorRoot = Scope.root(SameDiff.create(), Mode.TRAINING, config.seed());
    this.discriminatorRoot = Scope.root(SameDiff.create(), Mode.TRAINING, config.seed());
    Objective generatorObjective = buildGeneratorGraph(config.generator(), discriminator);
    Objective discriminatorObjective = buildDiscriminatorGraph(discriminator);
    NormalInit.apply(generatorRoot, "netG_", config.initGain(), config.seed());
    NormalInit.apply(discriminatorRoot, "netD_", config.initGain(), config.seed());
    this.discriminators = ParameterGroup.withPrefix(discriminatorRoot, "netD_");
    discriminators.copyInto(generatorRoot.sd());
    Adam adamG = new Adam("G", config.adam(), ParameterGroup.withPrefix(generatorRoot, "netG_"));
    Adam adamD = new Adam("D", config.adam(), discriminators);
    this.generatorStep =
        GradientStep.builder()
            .optimizer(adamG)
            .objective(generatorObjective)
            .output(FAKE_B, FAKE_A, REC_A, REC_B)
            .build();
    this.discriminatorStep =
        GradientStep.builder().optimizer(adamD).objective(discriminatorObjective).build();
    this.poolA = new ImagePool("fake_A", config.poolSize());
    this.poolB = new ImagePool("fake_B", config.poolSize());
    this.run =
        TrainingRun.builder()
            .config(ConfigJson.of(config), config.seed())
            .checkpoint(b.checkpoint())
            .data(b.data(), config.batchSize())
            .domains(b.domains())
            .part(GraphVariables.withPrefix(generatorRoot, "netG_"))
            .part(GraphVariables.withPrefix(discriminatorRoot, "netD_"))
            .part(adamG)
            .part(adamD)
            .part(poolA)
            .part(poolB)
            .afterRestore(() -> discriminators.copyInto(generatorRoot.sd()))
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public CycleGanTrainerConfig config() {
    return config;
  }

  @Override
  public TrainingRun trainingRun() {
    return run;
  }

  @Override
  public String architecture() {
    return ModelFile.CYCLEGAN;
  }

  /** The history pool of G_B's fakes (what D_B is trained on). */
  public ImagePool poolA() {
    return poolA;
  }

  /** The history pool of G_A's fakes (what D_A is trained on). */
  public ImagePool poolB() {
    return poolB;
  }

  /**
   * One iteration of {@code optimize_parameters}: the generators' update on (real_A, real_B), then
   * the discriminators' on the reals and the pooled fakes.
   */
  @Override
  public Map<String, Double> run(long step) {
    TwoDomainBatch batch = run.batch(step);
    INDArray realA = batch.a();
    INDArray realB = batch.b();
    GradientStep.Result g = generatorStep.run(Map.of(REAL_A, realA, REAL_B, realB));
    INDArray fakeB = poolB.query(g.outputs().get(FAKE_B), run.random(step, "pool_B"));
    INDArray fakeA = poolA.query(g.outputs().get(FAKE_A), run.random(step, "pool_A"));
    GradientStep.Result d =
        discriminatorStep.run(Map.of(REAL_A, realA, REAL_B, realB, FAKE_A, fakeA, FAKE_B, fakeB));
    discriminators.copyInto(generatorRoot.sd());
    Map<String, INDArray> images = new LinkedHashMap<>(g.outputs());
    images.put(REAL_A, realA);
    images.put(REAL_B, realB);
    run.show(images);
    Map<String, Double> losses = new LinkedHashMap<>(g.losses());
    losses.putAll(d.losses());
    return losses;
  }

  /** G_A({@code images}) [N, 3, S, S] with the current weights. */
  public INDArray translate(INDArray images) {
    return network().translate(images, null);
  }

  /**
   * A copy of G_A's current weights under the official names ({@code netG_A.model.1.weight}, …).
   */
  public Map<String, INDArray> generatorWeights() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (String name : GraphVariables.withPrefix(generatorRoot, G_A + ".").names()) {
      out.put(name, generatorRoot.sd().getArrForVarName(name).dup());
    }
    return out;
  }

  /** G_A's weights: a CycleGAN model file holds the A → B generator only. */
  @Override
  public Map<String, INDArray> modelWeights() {
    return generatorWeights();
  }

  /**
   * A listener writing preview grids of the latest step to {@code directory}: one row per sample
   * (up to 4) with real_A, fake_B, rec_A, real_B, fake_A, rec_B, as the official visuals.
   */
  public SampleGridListener previewListener(Path directory) {
    return run.previewListener(directory, VISUALS);
  }

  private CycleGanNetwork network() {
    if (network == null) {
      network = CycleGanNetwork.create(config.generator(), size);
    }
    network.load(TensorSource.of(generatorWeights()));
    return network;
  }

  /**
   * The graph inputs: the real batches and, in the discriminators' update, the pooled fakes ({@code
   * null} in the generators' update).
   */
  private record Inputs(SDVariable realA, SDVariable realB, SDVariable fakeA, SDVariable fakeB) {

    static Inputs of(SameDiff sd, int batch, int size, boolean fakes) {
      return new Inputs(
          sd.placeHolder(REAL_A, DataType.FLOAT, batch, 3, size, size),
          sd.placeHolder(REAL_B, DataType.FLOAT, batch, 3, size, size),
          fakes ? sd.placeHolder(FAKE_A, DataType.FLOAT, batch, 3, size, size) : null,
          fakes ? sd.placeHolder(FAKE_B, DataType.FLOAT, batch, 3, size, size) : null);
    }
  }

  private Objective buildGeneratorGraph(
      ResnetGenerator generator, PatchDiscriminator discriminator) {
    SameDiff sd = generatorRoot.sd();
    int b = config.batchSize();
    Inputs in = Inputs.of(sd, b, size, false);
    SDVariable realA = in.realA();
    SDVariable realB = in.realB();
    boolean identity = config.lambdaIdentity() > 0;
    // G_A on [a; b] gives fake_B and idt_A; G_B on [b; a; fake_B] gives fake_A, idt_B and rec_A.
    SDVariable outA =
        generator.apply(generatorRoot.child(G_A), identity ? sd.concat(0, realA, realB) : realA);
    SDVariable fakeB = sd.identity(FAKE_B, rows(outA, 4, 0, b));
    List<SDVariable> inB = new ArrayList<>(List.of(realB));
    if (identity) {
      inB.add(realA);
    }
    inB.add(fakeB);
    SDVariable outB =
        generator.apply(generatorRoot.child(G_B), sd.concat(0, inB.toArray(SDVariable[]::new)));
    int n = inB.size();
    SDVariable fakeA = sd.identity(FAKE_A, rows(outB, 4, 0, b));
    SDVariable recA = sd.identity(REC_A, rows(outB, 4, (n - 1) * b, n * b));
    SDVariable recB = sd.identity(REC_B, generator.apply(generatorRoot.child(G_A), fakeA));

    Objective.Builder objective = Objective.builder(sd);
    SDVariable logitsA = discriminator.apply(generatorRoot.child(D_A), fakeB);
    SDVariable logitsB = discriminator.apply(generatorRoot.child(D_B), fakeA);
    objective.add("G_A", 1, LsganLoss.builder().name("G_A").build().generator(sd, logitsA));
    objective.add("G_B", 1, LsganLoss.builder().name("G_B").build().generator(sd, logitsB));
    objective.add("cycle_A", config.lambdaA(), cycle("cycle_A").apply(sd, recA, realA));
    objective.add("cycle_B", config.lambdaB(), cycle("cycle_B").apply(sd, recB, realB));
    if (identity) {
      SDVariable idtA = rows(outA, 4, b, 2 * b);
      SDVariable idtB = rows(outB, 4, b, 2 * b);
      double weightA = config.lambdaB() * config.lambdaIdentity();
      double weightB = config.lambdaA() * config.lambdaIdentity();
      objective.add(
          "idt_A", weightA, IdentityLoss.builder().name("idt_A").build().apply(sd, idtA, realB));
      objective.add(
          "idt_B", weightB, IdentityLoss.builder().name("idt_B").build().apply(sd, idtB, realA));
    }
    return objective.build("loss_G");
  }

  private static CycleConsistencyLoss cycle(String name) {
    return CycleConsistencyLoss.builder().name(name).build();
  }

  private Objective buildDiscriminatorGraph(PatchDiscriminator discriminator) {
    SameDiff sd = discriminatorRoot.sd();
    int b = config.batchSize();
    Inputs in = Inputs.of(sd, b, size, true);
    Objective.Builder objective = Objective.builder(sd);
    objective.add("D_A", 0.5, discriminatorLoss(D_A, discriminator, in.realB(), in.fakeB()));
    objective.add("D_B", 0.5, discriminatorLoss(D_B, discriminator, in.realA(), in.fakeA()));
    return objective.build("loss_D");
  }

  /** LSGAN_D of network {@code name} on real and (pooled) fake images, in one batched call. */
  private SDVariable discriminatorLoss(
      String name, PatchDiscriminator discriminator, SDVariable real, SDVariable fake) {
    SameDiff sd = discriminatorRoot.sd();
    int b = config.batchSize();
    SDVariable logits =
        discriminator.apply(discriminatorRoot.child(name), sd.concat(0, real, fake));
    return LsganLoss.builder()
        .name(name.substring("net".length()))
        .build()
        .discriminator(sd, rows(logits, 4, 0, b), rows(logits, 4, b, 2 * b));
  }

  /** Builds a {@link CycleGanTrainer}; config, data and checkpoint are required. */
  public static final class Builder extends TrainerBuilder<CycleGanTrainerConfig, Builder> {
    private Builder() {}

    public CycleGanTrainer build() {
      return new CycleGanTrainer(this);
    }
  }
}

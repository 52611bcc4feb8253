package io.gpunit.examples.reversal;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.GradientReversal;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Linear;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.losses.distillation.DomainClassificationLoss;
import io.gpunit.losses.objective.Objective;
import io.gpunit.losses.reconstruction.MseLoss;
import io.gpunit.models.training.optim.Adam;
import io.gpunit.models.training.optim.AdamConfig;
import io.gpunit.models.training.optim.GradientStep;
import io.gpunit.models.training.optim.ParameterGroup;
import io.gpunit.models.training.random.TrainingRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Domain-adversarial training (Ganin &amp; Lempitsky 2015, "DANN") in miniature: a convolutional
 * feature extractor F feeds a task head T that regresses the object's mask centroid, and a domain
 * classifier D that sees the features through a gradient reversal layer R<sub>λ</sub>:
 *
 * <pre>
 *   L = ‖T(F(x)) − centroid‖² + CE(D(R_λ(F(x))), domain)
 *   ∂L/∂θ_D  = ∂CE/∂θ_D                        D learns to tell the domains apart
 *   ∂L/∂θ_F  = ∂MSE/∂θ_F − λ·∂CE/∂θ_F           F serves the task and <em>fights</em> D
 * </pre>
 *
 * One Adam minimises L over every parameter, as GP-UNIT's stage 1 does ({@code
 * PriorDistillationTrainer} puts its domain classifier behind {@link GradientReversal} on the
 * content code). With λ = 0 the classifier's gradient does not reach F at all (R<sub>0</sub> passes
 * values and stops gradients), so F keeps whatever domain information the task leaves in it and D
 * reads it off; with λ = 1 F is pushed to features from which D cannot do better than chance, while
 * T still finds the centroid.
 *
 * <p>Both runs of a comparison start from the same weights and see the same batches: parameters are
 * initialised from (seed, name) by {@link Scope}, batches from {@link TrainingRandom#forStep}.
 */
public final class ReversalExperiment {

  /**
   * One held-out measurement: the domain classifier's accuracy and the task's mean squared error.
   */
  public record Evaluation(long step, double domainAccuracy, double taskLoss) {}

  /** Sizes and schedule; immutable, build with {@link #builder()}. */
  public record Config(
      int imageSize,
      int width,
      int batchPerDomain,
      long steps,
      long evalEvery,
      int heldOutPerDomain,
      AdamConfig adam,
      long seed) {

    public Config {
      Preconditions.checkArgument(
          imageSize >= 8 && imageSize % 4 == 0,
          "imageSize must be a multiple of 4 and at least 8, got %s",
          imageSize);
      Preconditions.checkArgument(width > 0, "width must be positive, got %s", width);
      Preconditions.checkArgument(
          batchPerDomain > 0, "batchPerDomain must be positive, got %s", batchPerDomain);
      Preconditions.checkArgument(steps > 0, "steps must be positive, got %s", steps);
      Preconditions.checkArgument(
          evalEvery > 0 && evalEvery <= steps,
          "evalEvery must be in [1, steps = %s], got %s",
          steps,
          evalEvery);
      Preconditions.checkArgument(
          heldOutPerDomain > 0, "heldOutPerDomain must be positive, got %s", heldOutPerDomain);
      Objects.requireNonNull(adam, "adam");
    }

    public static Builder builder() {
      return new Builder();
    }

    /**
     * Defaults: 32² images, width 8, 16 images per domain per step, 480 steps, Adam lr 2e-3 with
     * torch's betas.
     */
    public static final class Builder {
      private int imageSize = 32;
      private int width = 8;
      private int batchPerDomain = 16;
      private long steps = 480;
      private long evalEvery = 20;
      private int heldOutPerDomain = 128;
      private AdamConfig adam = AdamConfig.builder().lr(2e-3).build();
      private long seed = 1;

      private Builder() {}

      public Builder imageSize(int v) {
        imageSize = v;
        return this;
      }

      /** Channels of the first convolution; the second and third have twice as many. */
      public Builder width(int v) {
        width = v;
        return this;
      }

      public Builder batchPerDomain(int v) {
        batchPerDomain = v;
        return this;
      }

      public Builder steps(long v) {
        steps = v;
        return this;
      }

      /** Measure on the held-out batch after every {@code v} steps (and before the first). */
      public Builder evalEvery(long v) {
        evalEvery = v;
        return this;
      }

      public Builder heldOutPerDomain(int v) {
        heldOutPerDomain = v;
        return this;
      }

      public Builder adam(AdamConfig v) {
        adam = v;
        return this;
      }

      /** Shorthand for {@code adam(adam.toBuilder().lr(v).build())}. */
      public Builder lr(double v) {
        adam = adam.toBuilder().lr(v).build();
        return this;
      }

      public Builder seed(long v) {
        seed = v;
        return this;
      }

      public Config build() {
        return new Config(
            imageSize, width, batchPerDomain, steps, evalEvery, heldOutPerDomain, adam, seed);
      }
    }
  }

  private static final String IMAGES = "images";
  private static final String CENTROIDS = "centroids";
  private static final String DOMAINS = "domains";
  private static final String PREDICTED = "predicted_centroid";
  private static final String LOGITS = "domain_logits";
  private static final int CLASSIFIER_HIDDEN = 32;

  private final Config config;
  private final SyntheticPrior prior;
  private final SyntheticClass domainA;
  private final SyntheticClass domainB;
  private final DomainImages heldOut;

  /**
   * An experiment telling {@code domainA} from {@code domainB}; the held-out batch is fixed here.
   */
  public ReversalExperiment(Config config, SyntheticClass domainA, SyntheticClass domainB) {
    this.config = config;
    this.prior =
        SyntheticPrior.builder().size(config.imageSize()).classes(domainA, domainB).build();
    this.domainA = domainA;
    this.domainB = domainB;
    this.heldOut =
        DomainImages.render(
            prior,
            domainA,
            domainB,
            config.heldOutPerDomain(),
            SplitMix64.derive(config.seed(), SplitMix64.key("held-out")));
  }

  public Config config() {
    return config;
  }

  public DomainImages heldOut() {
    return heldOut;
  }

  /**
   * Trains a fresh network with reversal strength {@code lambda} and returns the held-out
   * measurements before training and after every {@code evalEvery} steps.
   */
  public List<Evaluation> run(double lambda) {
    SameDiff sd = SameDiff.create();
    Scope root = Scope.root(sd, Mode.TRAINING, config.seed());
    Objective objective = buildGraph(root, GradientReversal.of(lambda));
    GradientStep step =
        GradientStep.builder()
            .optimizer(new Adam("dann", config.adam(), ParameterGroup.withPrefix(root, "")))
            .objective(objective)
            .build();
    TrainingRandom random = new TrainingRandom(config.seed());
    List<Evaluation> evaluations = new ArrayList<>();
    evaluations.add(evaluate(sd, 0));
    for (long t = 0; t < config.steps(); t++) {
      DomainImages batch =
          DomainImages.render(
              prior, domainA, domainB, config.batchPerDomain(), random.forStep(t, "batch"));
      step.run(
          Map.of(IMAGES, batch.images(), CENTROIDS, batch.centroids(), DOMAINS, batch.domains()));
      if ((t + 1) % config.evalEvery() == 0) {
        evaluations.add(evaluate(sd, t + 1));
      }
    }
    return evaluations;
  }

  /**
   * F: three LeakyReLU convolutions (S → S/2 → S/4 → S/4), flattened so the heads can see where
   * things are; T: one linear layer to (u, v); D: a two-layer MLP to two domain logits, behind
   * {@code reversal}.
   */
  private Objective buildGraph(Scope root, GradientReversal reversal) {
    SameDiff sd = root.sd();
    int s = config.imageSize();
    int w = config.width();
    SDVariable x = sd.placeHolder(IMAGES, DataType.FLOAT, -1, 3, s, s);
    SDVariable centroids = sd.placeHolder(CENTROIDS, DataType.FLOAT, -1, 2);
    SDVariable domains = sd.placeHolder(DOMAINS, DataType.FLOAT, -1, 2);
    Activation lrelu = Activation.leakyRelu(0.2);

    Scope f = root.child("features");
    SDVariable h =
        lrelu.apply(
            Conv2d.builder(3, w, 4).stride(2).padding(1).build().apply(f.child("conv1"), x));
    h =
        lrelu.apply(
            Conv2d.builder(w, 2 * w, 4).stride(2).padding(1).build().apply(f.child("conv2"), h));
    h = lrelu.apply(Conv2d.builder(2 * w, 2 * w, 3).padding(1).build().apply(f.child("conv3"), h));
    int featureCount = 2 * w * (s / 4) * (s / 4);
    SDVariable features = h.reshape(-1, featureCount);

    SDVariable predicted =
        Linear.builder(featureCount, 2)
            .build()
            .apply(root.child("task"), features)
            .rename(PREDICTED);

    Scope d = root.child("classifier");
    SDVariable hidden =
        lrelu.apply(
            Linear.builder(featureCount, CLASSIFIER_HIDDEN)
                .build()
                .apply(d.child("fc1"), reversal.apply(features)));
    SDVariable logits =
        Linear.builder(CLASSIFIER_HIDDEN, 2).build().apply(d.child("fc2"), hidden).rename(LOGITS);

    return Objective.builder(sd)
        .add("task", MseLoss.builder().name("task").build().apply(sd, predicted, centroids))
        .add("domain", DomainClassificationLoss.builder().build().apply(sd, logits, domains))
        .build("loss");
  }

  /**
   * Accuracy and centroid MSE on the held-out batch, computed here in Java from the raw outputs.
   */
  private Evaluation evaluate(SameDiff sd, long step) {
    Map<String, INDArray> out =
        Inference.output(sd, Map.of(IMAGES, heldOut.images()), PREDICTED, LOGITS);
    float[][] logits = out.get(LOGITS).toFloatMatrix();
    float[][] predicted = out.get(PREDICTED).toFloatMatrix();
    float[][] truth = heldOut.centroids().toFloatMatrix();
    int correct = 0;
    double squared = 0;
    for (int i = 0; i < logits.length; i++) {
      int guess = logits[i][1] > logits[i][0] ? 1 : 0;
      correct += guess == heldOut.domain(i) ? 1 : 0;
      for (int k = 0; k < 2; k++) {
        double e = predicted[i][k] - truth[i][k];
        squared += e * e;
      }
    }
    return new Evaluation(step, (double) correct / logits.length, squared / (2.0 * logits.length));
  }
}

package io.gpunit.models.gpunit.stage1;

import com.google.common.base.Preconditions;
import io.gpunit.models.training.TrainingConfigBuilder;
import io.gpunit.models.training.optim.AdamConfig;

/**
 * Hyper-parameters, with the official values as defaults (width and batch aside); {@code adam} is
 * the auto-encoder's optimiser (lr 2e-4, betas (0.9, 0.999), eps 1e-8, no weight decay).
 */
public record PriorDistillationTrainerConfig(
    int nf,
    int codeSize,
    double noise,
    int batchSize,
    AdamConfig adam,
    double lambdaAppRec,
    double lambdaPerceptual,
    double lambdaShapeRec,
    double lambdaReg,
    double lambdaClass,
    double lambdaFeatDist,
    double lambdaShapeDist,
    double flipProbability,
    long seed) {

  public PriorDistillationTrainerConfig {
    Preconditions.checkArgument(nf > 0, "nf must be positive, got %s", nf);
    Preconditions.checkArgument(codeSize > 0, "codeSize must be positive, got %s", codeSize);
    Preconditions.checkArgument(noise >= 0, "noise must be >= 0, got %s", noise);
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive, got %s", batchSize);
    Preconditions.checkNotNull(adam, "adam");
    Preconditions.checkArgument(
        flipProbability >= 0 && flipProbability <= 1,
        "flipProbability must be in [0, 1], got %s",
        flipProbability);
    for (double lambda :
        new double[] {
          lambdaAppRec,
          lambdaPerceptual,
          lambdaShapeRec,
          lambdaReg,
          lambdaClass,
          lambdaFeatDist,
          lambdaShapeDist
        }) {
      Preconditions.checkArgument(
          lambda >= 0 && Double.isFinite(lambda), "loss weights must be >= 0, got %s", lambda);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Official {@code prior_distillation.py} defaults; nf 64, batch 16 as there. */
  public static final class Builder extends TrainingConfigBuilder<Builder> {
    private int nf = 64;
    private int codeSize = 8;
    private double noise = 0.2;
    private double lambdaAppRec = 1;
    private double lambdaPerceptual = 1;
    private double lambdaShapeRec = 5;
    private double lambdaReg = 0.001;
    private double lambdaClass = 1;
    private double lambdaFeatDist = 1;
    private double lambdaShapeDist = 5;
    private double flipProbability = 0.5;

    private Builder() {
      super(16, AdamConfig.builder().lr(2e-4).betas(0.9, 0.999).build());
    }

    /** Base width of content encoder, style encoder and decoder ({@code AutoEncoder(nf)}). */
    public Builder nf(int v) {
      nf = v;
      return this;
    }

    /**
     * The side of the content code (official 8): the content encoder reads (32·codeSize)² images,
     * the decoder writes them and the shape head predicts (2·codeSize)² masks. It must be even and
     * at least 4 (the domain classifier pads after a stride-2 convolution): at 64² data, 4 runs
     * every network at 128² instead of 256², at half the time a step and a coarser code.
     */
    public Builder codeSize(int v) {
      codeSize = v;
      return this;
    }

    /** Standard deviation of the noise added to the content code. */
    public Builder noise(double v) {
      noise = v;
      return this;
    }

    public Builder lambdaAppRec(double v) {
      lambdaAppRec = v;
      return this;
    }

    /** Weight of the perceptual term inside L_arec (1: as the official MSE + VGG). */
    public Builder lambdaPerceptual(double v) {
      lambdaPerceptual = v;
      return this;
    }

    public Builder lambdaShapeRec(double v) {
      lambdaShapeRec = v;
      return this;
    }

    public Builder lambdaReg(double v) {
      lambdaReg = v;
      return this;
    }

    public Builder lambdaClass(double v) {
      lambdaClass = v;
      return this;
    }

    public Builder lambdaFeatDist(double v) {
      lambdaFeatDist = v;
      return this;
    }

    public Builder lambdaShapeDist(double v) {
      lambdaShapeDist = v;
      return this;
    }

    /** Probability that a step's style images are flipped horizontally (official: ½). */
    public Builder flipProbability(double v) {
      flipProbability = v;
      return this;
    }

    public PriorDistillationTrainerConfig build() {
      return new PriorDistillationTrainerConfig(
          nf,
          codeSize,
          noise,
          batchSize,
          adam,
          lambdaAppRec,
          lambdaPerceptual,
          lambdaShapeRec,
          lambdaReg,
          lambdaClass,
          lambdaFeatDist,
          lambdaShapeDist,
          flipProbability,
          seed);
    }
  }
}

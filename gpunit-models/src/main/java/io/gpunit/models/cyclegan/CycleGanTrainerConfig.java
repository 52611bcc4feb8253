package io.gpunit.models.cyclegan;

import com.google.common.base.Preconditions;
import io.gpunit.models.training.TrainingConfigBuilder;
import io.gpunit.models.training.optim.AdamConfig;

/**
 * Hyper-parameters, with the official values as defaults; {@code adam} serves both the generators'
 * and the discriminators' optimiser (lr 2e-4, betas (0.5, 0.999), eps 1e-8, no weight decay).
 */
public record CycleGanTrainerConfig(
    int ngf,
    int generatorBlocks,
    int ndf,
    int discriminatorLayers,
    int batchSize,
    AdamConfig adam,
    double lambdaA,
    double lambdaB,
    double lambdaIdentity,
    int poolSize,
    double initGain,
    long seed) {

  public CycleGanTrainerConfig {
    Preconditions.checkArgument(ngf > 0, "ngf must be positive, got %s", ngf);
    Preconditions.checkArgument(
        generatorBlocks >= 0, "generatorBlocks must be >= 0, got %s", generatorBlocks);
    Preconditions.checkArgument(ndf > 0, "ndf must be positive, got %s", ndf);
    Preconditions.checkArgument(
        discriminatorLayers >= 1, "discriminatorLayers must be >= 1, got %s", discriminatorLayers);
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive, got %s", batchSize);
    Preconditions.checkNotNull(adam, "adam");
    for (double lambda : new double[] {lambdaA, lambdaB, lambdaIdentity}) {
      Preconditions.checkArgument(
          lambda >= 0 && Double.isFinite(lambda), "loss weights must be >= 0, got %s", lambda);
    }
    Preconditions.checkArgument(poolSize >= 0, "poolSize must be >= 0, got %s", poolSize);
    Preconditions.checkArgument(
        initGain > 0 && Double.isFinite(initGain), "initGain must be > 0, got %s", initGain);
  }

  public static Builder builder() {
    return new Builder();
  }

  ResnetGenerator generator() {
    return ResnetGenerator.builder().ngf(ngf).blocks(generatorBlocks).build();
  }

  PatchDiscriminator discriminator() {
    return PatchDiscriminator.builder().ndf(ndf).layers(discriminatorLayers).build();
  }

  /** Official {@code train.py} / {@code cycle_gan_model.py} defaults. */
  public static final class Builder extends TrainingConfigBuilder<Builder> {
    private int ngf = 64;
    private int generatorBlocks = 9;
    private int ndf = 64;
    private int discriminatorLayers = 3;
    private double lambdaA = 10;
    private double lambdaB = 10;
    private double lambdaIdentity = 0.5;
    private int poolSize = 50;
    private double initGain = 0.02;

    private Builder() {
      super(1, AdamConfig.builder().lr(2e-4).betas(0.5, 0.999).build());
    }

    /** Generator base width ({@code --ngf}). */
    public Builder ngf(int v) {
      ngf = v;
      return this;
    }

    /** Residual blocks of each generator ({@code resnet_9blocks}: 9). */
    public Builder generatorBlocks(int v) {
      generatorBlocks = v;
      return this;
    }

    /** Discriminator base width ({@code --ndf}). */
    public Builder ndf(int v) {
      ndf = v;
      return this;
    }

    /** {@code --n_layers_D} (3: 70×70 patches). */
    public Builder discriminatorLayers(int v) {
      discriminatorLayers = v;
      return this;
    }

    /** λ_A: weight of the cycle loss A → B → A. */
    public Builder lambdaA(double v) {
      lambdaA = v;
      return this;
    }

    /** λ_B: weight of the cycle loss B → A → B. */
    public Builder lambdaB(double v) {
      lambdaB = v;
      return this;
    }

    /** Both cycle weights. */
    public Builder lambdaCycle(double v) {
      return lambdaA(v).lambdaB(v);
    }

    /** λ_idt: the identity loss weight relative to the cycle weights (0 turns it off). */
    public Builder lambdaIdentity(double v) {
      lambdaIdentity = v;
      return this;
    }

    /** Images in each history pool ({@code --pool_size}; 0: no pool). */
    public Builder poolSize(int v) {
      poolSize = v;
      return this;
    }

    /** Standard deviation of the initial convolution weights ({@code --init_gain}). */
    public Builder initGain(double v) {
      initGain = v;
      return this;
    }

    public CycleGanTrainerConfig build() {
      return new CycleGanTrainerConfig(
          ngf,
          generatorBlocks,
          ndf,
          discriminatorLayers,
          batchSize,
          adam,
          lambdaA,
          lambdaB,
          lambdaIdentity,
          poolSize,
          initGain,
          seed);
    }
  }
}

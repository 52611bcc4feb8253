package io.gpunit.models.munit;

import com.google.common.base.Preconditions;
import io.gpunit.models.baselines.GeneratorShape;
import io.gpunit.models.baselines.MsImageDis;
import io.gpunit.models.baselines.TwoDomainConfigBuilder;
import io.gpunit.models.training.optim.AdamConfig;

/**
 * Hyper-parameters, with the official (edges2shoes) values as defaults; {@code adam} serves both
 * the generators' and the discriminators' optimiser (lr 1e-4, betas (0.5, 0.999), eps 1e-8, weight
 * decay 1e-4).
 */
public record MunitTrainerConfig(
    AdaInGenerator.Shape generator,
    MsImageDis.Shape discriminator,
    int batchSize,
    AdamConfig adam,
    double ganW,
    double reconXW,
    double reconSW,
    double reconCW,
    double reconXCycW,
    long seed) {

  public MunitTrainerConfig {
    Preconditions.checkNotNull(generator, "generator");
    Preconditions.checkNotNull(discriminator, "discriminator");
    Preconditions.checkNotNull(adam, "adam");
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive, got %s", batchSize);
    for (double w : new double[] {ganW, reconXW, reconSW, reconCW, reconXCycW}) {
      Preconditions.checkArgument(
          w >= 0 && Double.isFinite(w), "loss weights must be finite and >= 0, got %s", w);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Official defaults: {@code configs/edges2shoes_folder.yaml}. */
  public static final class Builder extends TwoDomainConfigBuilder<Builder> {
    private AdaInGenerator.Shape generator = AdaInGenerator.Shape.official();
    private double reconSW = 1;
    private double reconCW = 1;

    private Builder() {
      super(1, AdamConfig.builder().lr(1e-4).betas(0.5, 0.999).weightDecay(1e-4).build(), 0);
    }

    public Builder generator(AdaInGenerator.Shape v) {
      generator = v;
      return this;
    }

    /**
     * Convenience: body {@code (dim, nDownsample, nRes)}, style dim and MLP width; 3 MLP blocks, 4
     * style downsamplings.
     */
    public Builder generator(int dim, int nDownsample, int nRes, int styleDim, int mlpDim) {
      generator =
          new AdaInGenerator.Shape(
              new GeneratorShape(dim, nDownsample, nRes), styleDim, mlpDim, 3, 4);
      return this;
    }

    /** {@code recon_s_w}: style code reconstruction (1). */
    public Builder reconSW(double v) {
      reconSW = v;
      return this;
    }

    /** {@code recon_c_w}: content code reconstruction (1). */
    public Builder reconCW(double v) {
      reconCW = v;
      return this;
    }

    public MunitTrainerConfig build() {
      return new MunitTrainerConfig(
          generator,
          discriminator,
          batchSize,
          adam,
          ganW,
          reconXW,
          reconSW,
          reconCW,
          reconXCycW,
          seed);
    }
  }
}

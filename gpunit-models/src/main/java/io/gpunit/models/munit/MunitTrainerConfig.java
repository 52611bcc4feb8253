package io.gpunit.models.munit;

import com.google.common.base.Preconditions;
import io.gpunit.models.baselines.GeneratorShape;
import io.gpunit.models.baselines.MsImageDis;
import io.gpunit.models.training.TrainingConfigBuilder;
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
  public static final class Builder extends TrainingConfigBuilder<Builder> {
    private AdaInGenerator.Shape generator = AdaInGenerator.Shape.official();
    private MsImageDis.Shape discriminator = MsImageDis.Shape.official();
    private double ganW = 1;
    private double reconXW = 10;
    private double reconSW = 1;
    private double reconCW = 1;
    private double reconXCycW = 0;

    private Builder() {
      super(1, AdamConfig.builder().lr(1e-4).betas(0.5, 0.999).weightDecay(1e-4).build());
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

    public Builder discriminator(MsImageDis.Shape v) {
      discriminator = v;
      return this;
    }

    public Builder discriminator(int dim, int nLayer, int numScales) {
      discriminator = new MsImageDis.Shape(dim, nLayer, numScales);
      return this;
    }

    /** {@code gan_w}: weight of the adversarial terms (1). */
    public Builder ganW(double v) {
      ganW = v;
      return this;
    }

    /** {@code recon_x_w}: image reconstruction (10). */
    public Builder reconXW(double v) {
      reconXW = v;
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

    /** {@code recon_x_cyc_w}: explicit cycle reconstruction (0). */
    public Builder reconXCycW(double v) {
      reconXCycW = v;
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

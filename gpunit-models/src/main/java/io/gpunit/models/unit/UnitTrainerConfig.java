package io.gpunit.models.unit;

import com.google.common.base.Preconditions;
import io.gpunit.models.baselines.GeneratorShape;
import io.gpunit.models.baselines.MsImageDis;
import io.gpunit.models.baselines.TwoDomainConfigBuilder;
import io.gpunit.models.training.optim.AdamConfig;

/**
 * Hyper-parameters, with the official values as defaults; {@code adam} serves both the generators'
 * and the discriminators' optimiser (lr 1e-4, betas (0.5, 0.999), eps 1e-8, weight decay 1e-4).
 */
public record UnitTrainerConfig(
    GeneratorShape generator,
    int sharedEncoderBlocks,
    int sharedDecoderBlocks,
    MsImageDis.Shape discriminator,
    int batchSize,
    AdamConfig adam,
    double ganW,
    double reconXW,
    double reconKlW,
    double reconXCycW,
    double reconKlCycW,
    long seed) {

  public UnitTrainerConfig {
    Preconditions.checkNotNull(generator, "generator");
    Preconditions.checkNotNull(discriminator, "discriminator");
    Preconditions.checkNotNull(adam, "adam");
    VaeGenerator.checkSharing(generator, sharedEncoderBlocks, sharedDecoderBlocks);
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive, got %s", batchSize);
    for (double w : new double[] {ganW, reconXW, reconKlW, reconXCycW, reconKlCycW}) {
      Preconditions.checkArgument(
          w >= 0 && Double.isFinite(w), "loss weights must be finite and >= 0, got %s", w);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Official defaults ({@code configs/unit_*_folder.yaml}); one shared block per side. */
  public static final class Builder extends TwoDomainConfigBuilder<Builder> {
    private GeneratorShape generator = GeneratorShape.official();
    private int sharedEncoderBlocks = 1;
    private int sharedDecoderBlocks = 1;
    private double reconKlW = 0.01;
    private double reconKlCycW = 0.01;

    private Builder() {
      super(1, AdamConfig.builder().lr(1e-4).betas(0.5, 0.999).weightDecay(1e-4).build(), 10);
    }

    public Builder generator(GeneratorShape v) {
      generator = v;
      return this;
    }

    public Builder generator(int dim, int nDownsample, int nRes) {
      generator = new GeneratorShape(dim, nDownsample, nRes);
      return this;
    }

    /** How many of the encoders' last and the decoders' first residual blocks A and B share. */
    public Builder sharedBlocks(int encoder, int decoder) {
      sharedEncoderBlocks = encoder;
      sharedDecoderBlocks = decoder;
      return this;
    }

    /** {@code recon_kl_w} = λ₁/10 (0.01). */
    public Builder reconKlW(double v) {
      reconKlW = v;
      return this;
    }

    /** {@code recon_kl_cyc_w} = λ₃/10 (0.01). */
    public Builder reconKlCycW(double v) {
      reconKlCycW = v;
      return this;
    }

    public UnitTrainerConfig build() {
      return new UnitTrainerConfig(
          generator,
          sharedEncoderBlocks,
          sharedDecoderBlocks,
          discriminator,
          batchSize,
          adam,
          ganW,
          reconXW,
          reconKlW,
          reconXCycW,
          reconKlCycW,
          seed);
    }
  }
}

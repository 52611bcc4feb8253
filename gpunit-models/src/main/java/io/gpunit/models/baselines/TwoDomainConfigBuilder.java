package io.gpunit.models.baselines;

import io.gpunit.models.training.TrainingConfigBuilder;
import io.gpunit.models.training.optim.AdamConfig;

/**
 * What the UNIT and MUNIT configurations share besides batch, Adam and seed (both come from {@code
 * mingyuliutw}'s code base and its YAML keys): the multi-scale discriminator and the weights {@code
 * gan_w}, {@code recon_x_w} and {@code recon_x_cyc_w}.
 *
 * @param <B> the builder itself
 */
public abstract class TwoDomainConfigBuilder<B extends TwoDomainConfigBuilder<B>>
    extends TrainingConfigBuilder<B> {
  protected MsImageDis.Shape discriminator = MsImageDis.Shape.official();
  protected double ganW = 1;
  protected double reconXW = 10;
  protected double reconXCycW;

  /** The official batch size and Adam settings, and the official {@code recon_x_cyc_w}. */
  protected TwoDomainConfigBuilder(int batchSize, AdamConfig adam, double reconXCycW) {
    super(batchSize, adam);
    this.reconXCycW = reconXCycW;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  public B discriminator(MsImageDis.Shape v) {
    discriminator = v;
    return self();
  }

  /** Convenience: {@code dis.dim}, {@code dis.n_layer}, {@code dis.num_scales}. */
  public B discriminator(int dim, int nLayer, int numScales) {
    return discriminator(new MsImageDis.Shape(dim, nLayer, numScales));
  }

  /** {@code gan_w}: weight of the adversarial terms (1). */
  public B ganW(double v) {
    ganW = v;
    return self();
  }

  /** {@code recon_x_w}: image reconstruction (10). */
  public B reconXW(double v) {
    reconXW = v;
    return self();
  }

  /** {@code recon_x_cyc_w}: explicit cycle reconstruction. */
  public B reconXCycW(double v) {
    reconXCycW = v;
    return self();
  }
}

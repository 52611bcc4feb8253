package io.gpunit.models.training.optim;

import com.google.common.base.Preconditions;

/**
 * Hyper-parameters of {@link Adam}, with {@code torch.optim.Adam}'s defaults: lr 1e-3, betas (0.9,
 * 0.999), eps 1e-8, no weight decay. GP-UNIT uses lr 2e-4, betas (0.9, 0.999) in stage 1 and lr
 * 1e-4, betas (0, 0.99), weight decay 1e-4 for both networks in stage 2.
 */
public record AdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay) {

  public AdamConfig {
    Preconditions.checkArgument(lr >= 0 && Double.isFinite(lr), "lr must be >= 0, got %s", lr);
    Preconditions.checkArgument(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got %s", beta1);
    Preconditions.checkArgument(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got %s", beta2);
    Preconditions.checkArgument(eps >= 0 && Double.isFinite(eps), "eps must be >= 0, got %s", eps);
    Preconditions.checkArgument(
        weightDecay >= 0 && Double.isFinite(weightDecay),
        "weightDecay must be >= 0, got %s",
        weightDecay);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().lr(lr).betas(beta1, beta2).eps(eps).weightDecay(weightDecay);
  }

  public static final class Builder {
    private double lr = 1e-3;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private double weightDecay = 0;

    private Builder() {}

    public Builder lr(double lr) {
      this.lr = lr;
      return this;
    }

    public Builder betas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /** L2 penalty added to the gradient, as {@code torch.optim.Adam}'s {@code weight_decay}. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    public AdamConfig build() {
      return new AdamConfig(lr, beta1, beta2, eps, weightDecay);
    }
  }
}

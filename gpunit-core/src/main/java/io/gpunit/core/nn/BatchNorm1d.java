package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * {@code nn.BatchNorm1d} on [N, C]: {@code y = (x − μ) / √(σ² + eps) · γ + β}.
 *
 * <p>With batch statistics (TRAINING, or {@link Builder#alwaysBatchStatistics} in INFERENCE) μ and
 * the biased variance σ² are taken over the batch; otherwise μ, σ² are the buffers {@code
 * running_mean}, {@code running_var}. In TRAINING the buffers are updated as PyTorch does, with the
 * unbiased batch variance:
 *
 * <pre>
 * running_mean ← (1 − m)·running_mean + m·μ
 * running_var  ← (1 − m)·running_var  + m·σ²·N/(N − 1)
 * num_batches_tracked ← num_batches_tracked + 1
 * </pre>
 *
 * Parameters {@code weight} γ (init 1) and {@code bias} β (init 0) exist with {@code affine(true)}.
 * PyTorch stores {@code num_batches_tracked} as int64; here it is a floating scalar buffer (a loader
 * converts).
 */
public final class BatchNorm1d {

  private final int features;
  private final double eps;
  private final double momentum;
  private final boolean affine;
  private final boolean alwaysBatchStatistics;

  private BatchNorm1d(Builder b) {
    this.features = b.features;
    this.eps = b.eps;
    this.momentum = b.momentum;
    this.affine = b.affine;
    this.alwaysBatchStatistics = b.alwaysBatchStatistics;
  }

  public static Builder builder(int features) {
    return new Builder(features);
  }

  public SDVariable apply(Scope scope, SDVariable x) {
    long[] shape = {features};
    SDVariable runningMean = scope.buffer("running_mean", shape, Init.zeros());
    SDVariable runningVar = scope.buffer("running_var", shape, Init.ones());
    SDVariable batchesTracked = scope.buffer("num_batches_tracked", new long[0], Init.zeros());

    SDVariable centred;
    SDVariable variance;
    if (scope.isTraining() || alwaysBatchStatistics) {
      SDVariable mean = x.mean(true, 0);
      centred = x.sub(mean);
      variance = centred.mul(centred).mean(true, 0);
      if (scope.isTraining()) {
        SDVariable unbiased = scope.sd().variance(x, true, 0);
        scope.updateBuffer(runningMean, moving(runningMean, mean.reshape(features)));
        scope.updateBuffer(runningVar, moving(runningVar, unbiased));
        scope.updateBuffer(batchesTracked, batchesTracked.add(1.0));
      }
    } else {
      centred = x.sub(runningMean);
      variance = runningVar;
    }
    SDVariable y = centred.mul(scope.sd().math().rsqrt(variance.add(eps)));
    if (!affine) {
      return y;
    }
    return y.mul(scope.param("weight", shape, Init.ones())).add(scope.param("bias", shape, Init.zeros()));
  }

  private SDVariable moving(SDVariable running, SDVariable batch) {
    return running.mul(1 - momentum).add(batch.mul(momentum));
  }

  /** Configures a {@link BatchNorm1d}; defaults as PyTorch: eps 1e-5, momentum 0.1, affine. */
  public static final class Builder {
    private final int features;
    private double eps = 1e-5;
    private double momentum = 0.1;
    private boolean affine = true;
    private boolean alwaysBatchStatistics = false;

    private Builder(int features) {
      Preconditions.checkArgument(features > 0, "BatchNorm1d needs features > 0, got %s", features);
      this.features = features;
    }

    public Builder eps(double value) {
      Preconditions.checkArgument(value > 0, "BatchNorm1d eps must be > 0, got %s", value);
      this.eps = value;
      return this;
    }

    public Builder momentum(double value) {
      Preconditions.checkArgument(
          value >= 0 && value <= 1, "BatchNorm1d momentum must be in [0, 1], got %s", value);
      this.momentum = value;
      return this;
    }

    public Builder affine(boolean value) {
      this.affine = value;
      return this;
    }

    /**
     * Normalise with batch statistics in INFERENCE too, as a PyTorch module left in {@code train()}
     * mode does (the official GP-UNIT inference script never calls {@code sampler.eval()}). Running
     * statistics are still only updated in TRAINING.
     */
    public Builder alwaysBatchStatistics(boolean value) {
      this.alwaysBatchStatistics = value;
      return this;
    }

    public BatchNorm1d build() {
      return new BatchNorm1d(this);
    }
  }
}

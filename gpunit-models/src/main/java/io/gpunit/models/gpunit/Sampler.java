package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.BatchNorm1d;
import io.gpunit.core.nn.Linear;
import io.gpunit.core.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The style sampler T that maps Gaussian noise to style codes for latent-guided translation ({@code
 * _netT} in the official {@code sampler.py}, after GLANN's ICP mapping):
 *
 * <pre>
 * s = W₃ · relu(BN₂(W₂ · relu(BN₁(W₁ z))))        (no biases)
 * </pre>
 *
 * Parameters as in {@code ckpt["sampler"]}: {@code lin1.weight}, {@code
 * bn1.weight/bias/running_mean/ running_var}, {@code lin2.weight}, {@code bn2.*}, {@code
 * lin_out.weight}.
 */
public final class Sampler {

  /** Which statistics the batch normalisations use. */
  public enum Statistics {
    /**
     * The mean and biased variance of the current batch: what the official {@code inference.py}
     * does, since it never puts the sampler in {@code eval()} mode. Needs a batch of more than one
     * code.
     */
    BATCH,
    /** The stored running statistics ({@code sampler.eval()}): codes independent of the batch. */
    RUNNING
  }

  private final SamplerConfig config;

  public Sampler(SamplerConfig config) {
    this.config = Preconditions.checkNotNull(config, "config");
  }

  public SamplerConfig config() {
    return config;
  }

  /**
   * Style codes [N, styleDim] for noise {@code z} [N, noiseDim]. In a TRAINING scope the batch
   * normalisations always use (and update from) batch statistics, as {@code netT.train()} does.
   */
  public SDVariable apply(Scope scope, SDVariable z, Statistics statistics) {
    Preconditions.checkNotNull(statistics, "statistics");
    Activation relu = Activation.relu();
    boolean batch = statistics == Statistics.BATCH;
    SDVariable h = linear(config.noiseDim(), config.hiddenDim()).apply(scope.child("lin1"), z);
    h = relu.apply(norm(batch).apply(scope.child("bn1"), h));
    h = linear(config.hiddenDim(), config.hiddenDim()).apply(scope.child("lin2"), h);
    h = relu.apply(norm(batch).apply(scope.child("bn2"), h));
    return linear(config.hiddenDim(), config.styleDim()).apply(scope.child("lin_out"), h);
  }

  private static Linear linear(int in, int out) {
    return Linear.builder(in, out).bias(false).build();
  }

  private BatchNorm1d norm(boolean batchStatistics) {
    return BatchNorm1d.builder(config.hiddenDim()).alwaysBatchStatistics(batchStatistics).build();
  }
}

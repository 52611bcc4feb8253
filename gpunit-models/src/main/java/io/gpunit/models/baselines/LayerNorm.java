package io.gpunit.models.baselines;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Broadcasts;
import io.gpunit.core.nn.Init;
import io.gpunit.core.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The official MUNIT / UNIT {@code LayerNorm} (not {@code nn.LayerNorm}): per sample n, with μ the
 * mean and σ the <em>unbiased</em> standard deviation over all of C, H, W,
 *
 * <pre>
 * y[n,c] = (x[n,c] − μ[n]) / (σ[n] + eps) · γ[c] + β[c]
 * </pre>
 *
 * eps 1e-5 added to σ (not to σ²); parameters {@code gamma} (initialised uniform on [0, 1), as
 * {@code torch.Tensor(C).uniform_()}) and {@code beta} (0).
 */
public final class LayerNorm {

  private static final double EPS = 1e-5;

  /** Uniform on [0, 1): the symmetric uniform on ±½, shifted. */
  private static final Init UNIT_INTERVAL =
      (shape, dataType, random) -> Init.uniform(0.5).create(shape, dataType, random).addi(0.5);

  private final int channels;

  private LayerNorm(int channels) {
    this.channels = channels;
  }

  public static LayerNorm of(int channels) {
    Preconditions.checkArgument(channels > 0, "LayerNorm needs channels > 0, got %s", channels);
    return new LayerNorm(channels);
  }

  /** {@code x} [N, C, H, W]. */
  public SDVariable apply(Scope scope, SDVariable x) {
    scope.requireNchw("LayerNorm");
    SDVariable mean = x.mean(true, 1, 2, 3);
    SDVariable std = scope.sd().standardDeviation(x, true, true, 1, 2, 3);
    SDVariable y = x.sub(mean).div(std.add(EPS));
    long[] shape = {channels};
    SDVariable gamma = scope.param("gamma", shape, UNIT_INTERVAL).reshape(1, channels, 1, 1);
    SDVariable beta = scope.param("beta", shape, Init.zeros()).reshape(1, channels, 1, 1);
    return Broadcasts.multiply(scope, y, gamma).add(beta);
  }
}

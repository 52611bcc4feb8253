package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * {@code nn.Linear}: {@code y = x Wᵀ + b} for {@code x} [N, in], with {@code weight} [out, in] and
 * {@code bias} [out] named as PyTorch names them; optionally spectrally normalised ({@code
 * weight_orig}, {@code weight_u}, {@code weight_v}, see {@link SpectralNorm}). Both default to
 * PyTorch's initialisation, uniform on ±1/√in; either initialiser can be replaced (AdaIN starts its
 * bias at γ = 1, β = 0).
 */
public final class Linear {

  private final int in;
  private final int out;
  private final boolean bias;
  private final boolean spectralNorm;
  private final Init weightInit;
  private final Init biasInit;

  private Linear(Builder b) {
    this.in = b.in;
    this.out = b.out;
    this.bias = b.bias;
    this.spectralNorm = b.spectralNorm;
    this.weightInit = b.weightInit;
    this.biasInit = b.biasInit;
  }

  public static Builder builder(int in, int out) {
    return new Builder(in, out);
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  /** {@code x Wᵀ + b} for {@code x} [N, in]; the result is [N, out]. */
  public SDVariable apply(Scope scope, SDVariable x) {
    long[] shape = {out, in};
    SDVariable weight =
        spectralNorm
            ? SpectralNorm.weight(scope, "weight", shape, weightInit)
            : scope.param("weight", shape, weightInit);
    SDVariable y = scope.sd().mmul(x, weight, false, true, false);
    return bias ? y.add(scope.param("bias", new long[] {out}, biasInit)) : y;
  }

  /** Configures a {@link Linear}; defaults: bias, no spectral norm, PyTorch initialisation. */
  public static final class Builder {
    private final int in;
    private final int out;
    private boolean bias = true;
    private boolean spectralNorm = false;
    private Init weightInit;
    private Init biasInit;

    private Builder(int in, int out) {
      Preconditions.checkArgument(
          in > 0 && out > 0, "Linear needs positive in and out; got in=%s out=%s", in, out);
      this.in = in;
      this.out = out;
      this.weightInit = Init.pytorchDefault(in);
      this.biasInit = Init.pytorchDefault(in);
    }

    public Builder bias(boolean value) {
      this.bias = value;
      return this;
    }

    public Builder spectralNorm(boolean value) {
      this.spectralNorm = value;
      return this;
    }

    public Builder weightInit(Init value) {
      this.weightInit = Preconditions.checkNotNull(value, "weightInit");
      return this;
    }

    public Builder biasInit(Init value) {
      this.biasInit = Preconditions.checkNotNull(value, "biasInit");
      return this;
    }

    public Linear build() {
      return new Linear(this);
    }
  }
}

package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;

/**
 * Widths of the style sampler T ({@code _netT(xn, yn)} in the official {@code sampler.py}, GLANN's
 * noise-to-code mapping): {@code Linear(noise→hidden) → BN → ReLU → Linear(hidden→hidden) → BN →
 * ReLU → Linear(hidden→style)}, all without bias.
 */
public record SamplerConfig(int noiseDim, int hiddenDim, int styleDim) {

  /** The official widths: 128-d noise, 128 hidden, 256-d style code. */
  public static final SamplerConfig DEFAULT = builder().build();

  public SamplerConfig {
    Preconditions.checkArgument(noiseDim > 0, "noiseDim must be positive, got %s", noiseDim);
    Preconditions.checkArgument(hiddenDim > 0, "hiddenDim must be positive, got %s", hiddenDim);
    Preconditions.checkArgument(styleDim > 0, "styleDim must be positive, got %s", styleDim);
  }

  /** The widths of a sampler whose weights are named {@code prefix + "lin1.weight"} etc. */
  public static SamplerConfig inferFrom(TensorShapes shapes, String prefix) {
    return builder()
        .noiseDim(shapes.width(prefix + "lin1.weight", 2, 1, "sampler noise width"))
        .hiddenDim(shapes.width(prefix + "lin1.weight", 2, 0, "sampler hidden width"))
        .styleDim(shapes.width(prefix + "lin_out.weight", 2, 0, "sampler style width"))
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the official defaults. */
  public static final class Builder {
    private int noiseDim = 128;
    private int hiddenDim = 128;
    private int styleDim = 256;

    private Builder() {}

    public Builder noiseDim(int noiseDim) {
      this.noiseDim = noiseDim;
      return this;
    }

    public Builder hiddenDim(int hiddenDim) {
      this.hiddenDim = hiddenDim;
      return this;
    }

    public Builder styleDim(int styleDim) {
      this.styleDim = styleDim;
      return this;
    }

    public SamplerConfig build() {
      return new SamplerConfig(noiseDim, hiddenDim, styleDim);
    }
  }
}

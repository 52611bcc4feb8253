package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * {@code nn.Conv2d} on input in the scope's {@link Layout}, optionally spectrally normalised:
 *
 * <pre>
 * y[n,o,i,j] = b[o] + Σ_c Σ_p Σ_q W[o,c,p,q] · pad(x)[n, c, s·i + d·p, s·j + d·q]
 * </pre>
 *
 * with stride s, dilation d and {@code pad} the zero or reflection padding of {@code padding}
 * pixels per side; output size {@code ⌊(H + 2·padding − d·(k−1) − 1)/s⌋ + 1}. Parameters as PyTorch
 * names them: {@code weight} [out, in, k, k] (or {@code weight_orig}, {@code weight_u}, {@code
 * weight_v} with {@link SpectralNorm}) and {@code bias} [out]; both initialised uniformly on
 * ±1/√(in·k·k).
 */
public final class Conv2d {

  private final int in;
  private final int out;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int dilation;
  private final PadMode padMode;
  private final boolean bias;
  private final boolean spectralNorm;

  private Conv2d(Builder b) {
    this.in = b.in;
    this.out = b.out;
    this.kernel = b.kernel;
    this.stride = b.stride;
    this.padding = b.padding;
    this.dilation = b.dilation;
    this.padMode = b.padMode;
    this.bias = b.bias;
    this.spectralNorm = b.spectralNorm;
  }

  public static Builder builder(int in, int out, int kernel) {
    return new Builder(in, out, kernel);
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  /**
   * The convolution of {@code x} ([N, in, H, W] in the scope's {@link Layout}) with this layer's
   * parameters in {@code scope}.
   */
  public SDVariable apply(Scope scope, SDVariable x) {
    long[] weightShape = {out, in, kernel, kernel};
    Init init = Init.pytorchDefault((long) in * kernel * kernel);
    SDVariable weight =
        spectralNorm
            ? SpectralNorm.weight(scope, "weight", weightShape, init)
            : scope.param("weight", weightShape, init);
    // conv2d_bp rejects OIYX weights in M2.1 (it expects [kH, kW, in, out]), so the PyTorch-layout
    // parameter is permuted to ND4J's default YXIO layout instead.
    SDVariable kernelYxio = weight.permute(2, 3, 1, 0);
    Layout layout = scope.layout();
    SDVariable input =
        padMode == PadMode.REFLECT ? ReflectionPad2d.of(padding).apply(layout, x) : x;
    int convPadding = padMode == PadMode.ZEROS ? padding : 0;
    Conv2DConfig config =
        Conv2DConfig.builder()
            .kH(kernel)
            .kW(kernel)
            .sH(stride)
            .sW(stride)
            .pH(convPadding)
            .pW(convPadding)
            .dH(dilation)
            .dW(dilation)
            .paddingMode(PaddingMode.VALID)
            .dataFormat(layout.name())
            .build();
    if (!bias) {
      return scope.sd().cnn().conv2d(input, kernelYxio, config);
    }
    SDVariable b = scope.param("bias", new long[] {out}, init);
    return scope.sd().cnn().conv2d(input, kernelYxio, b, config);
  }

  /** Configures a {@link Conv2d}; defaults: stride 1, padding 0, zeros, bias, no spectral norm. */
  public static final class Builder {
    private final int in;
    private final int out;
    private final int kernel;
    private int stride = 1;
    private int padding = 0;
    private int dilation = 1;
    private PadMode padMode = PadMode.ZEROS;
    private boolean bias = true;
    private boolean spectralNorm = false;

    private Builder(int in, int out, int kernel) {
      Preconditions.checkArgument(
          in > 0 && out > 0 && kernel > 0,
          "Conv2d needs positive in, out, kernel; got in=%s out=%s kernel=%s",
          in,
          out,
          kernel);
      this.in = in;
      this.out = out;
      this.kernel = kernel;
    }

    public Builder stride(int value) {
      Preconditions.checkArgument(value > 0, "Conv2d stride must be > 0, got %s", value);
      this.stride = value;
      return this;
    }

    public Builder padding(int value) {
      Preconditions.checkArgument(value >= 0, "Conv2d padding must be >= 0, got %s", value);
      this.padding = value;
      return this;
    }

    public Builder dilation(int value) {
      Preconditions.checkArgument(value > 0, "Conv2d dilation must be > 0, got %s", value);
      this.dilation = value;
      return this;
    }

    public Builder padMode(PadMode value) {
      this.padMode = Preconditions.checkNotNull(value, "padMode");
      return this;
    }

    public Builder bias(boolean value) {
      this.bias = value;
      return this;
    }

    public Builder spectralNorm(boolean value) {
      this.spectralNorm = value;
      return this;
    }

    public Conv2d build() {
      return new Conv2d(this);
    }
  }
}

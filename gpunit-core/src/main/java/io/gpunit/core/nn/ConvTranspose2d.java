package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code nn.ConvTranspose2d} on NCHW input, the adjoint of a strided convolution:
 *
 * <pre>
 * full[n,o,s·i+p,s·j+q] += x[n,c,i,j] · W[c,o,p,q]        (size (H−1)·s + k)
 * y = full[padding : padding + H_out] + b[o],   H_out = (H−1)·s − 2·padding + k + outputPadding
 * </pre>
 *
 * Parameters as PyTorch stores them: {@code weight} [in, out, k, k] and {@code bias} [out], both
 * uniform on ±1/√(out·k·k) (PyTorch's fan-in of a transposed convolution's weight).
 */
public final class ConvTranspose2d {

  private final int in;
  private final int out;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int outputPadding;
  private final boolean bias;

  private ConvTranspose2d(Builder b) {
    this.in = b.in;
    this.out = b.out;
    this.kernel = b.kernel;
    this.stride = b.stride;
    this.padding = b.padding;
    this.outputPadding = b.outputPadding;
    this.bias = b.bias;
  }

  public static Builder builder(int in, int out, int kernel) {
    return new Builder(in, out, kernel);
  }

  public SDVariable apply(Scope scope, SDVariable x) {
    scope.requireNchw("ConvTranspose2d");
    SameDiff sd = scope.sd();
    Init init = Init.pytorchDefault((long) out * kernel * kernel);
    SDVariable weight = scope.param("weight", new long[] {in, out, kernel, kernel}, init);
    DeConv2DConfig config =
        DeConv2DConfig.builder()
            .kH(kernel)
            .kW(kernel)
            .sH(stride)
            .sW(stride)
            .pH(0)
            .pW(0)
            .dataFormat("NCHW")
            .build();
    // ND4J's deconv2d takes [kH, kW, out, in]; the crop below applies PyTorch's padding and
    // output padding to the full (unpadded) result, so only ND4J's simplest case is relied on.
    SDVariable full = sd.cnn().deconv2d(x, weight.permute(2, 3, 1, 0), config);
    SDVariable y = cropAndExtend(sd, full);
    if (!bias) {
      return y;
    }
    return y.add(scope.param("bias", new long[] {out}, init).reshape(1, out, 1, 1));
  }

  /**
   * Drops {@code padding} rows/columns at the start and {@code padding − outputPadding} at the end.
   */
  private SDVariable cropAndExtend(SameDiff sd, SDVariable full) {
    int endCrop = padding - outputPadding;
    long[] begin = {0, 0, padding, padding};
    long[] end = {0, 0, -endCrop, -endCrop};
    int endMask = endCrop > 0 ? 0b0011 : 0b1111;
    SDVariable y =
        padding == 0 && endCrop <= 0
            ? full
            : sd.stridedSlice(full, begin, end, new long[] {1, 1, 1, 1}, 0b0011, endMask, 0, 0, 0);
    if (endCrop >= 0) {
      return y;
    }
    // outputPadding > padding: the extra rows/columns lie beyond the full result and get only bias.
    int[][] pads = {{0, 0}, {0, 0}, {0, -endCrop}, {0, -endCrop}};
    return sd.nn().pad(y, sd.constant(Nd4j.createFromArray(pads)), 0);
  }

  /** Configures a {@link ConvTranspose2d}; defaults: stride 1, padding 0, outputPadding 0, bias. */
  public static final class Builder {
    private final int in;
    private final int out;
    private final int kernel;
    private int stride = 1;
    private int padding = 0;
    private int outputPadding = 0;
    private boolean bias = true;

    private Builder(int in, int out, int kernel) {
      Preconditions.checkArgument(
          in > 0 && out > 0 && kernel > 0,
          "ConvTranspose2d needs positive in, out, kernel; got in=%s out=%s kernel=%s",
          in,
          out,
          kernel);
      this.in = in;
      this.out = out;
      this.kernel = kernel;
    }

    public Builder stride(int value) {
      Preconditions.checkArgument(value > 0, "ConvTranspose2d stride must be > 0, got %s", value);
      this.stride = value;
      return this;
    }

    public Builder padding(int value) {
      Preconditions.checkArgument(
          value >= 0, "ConvTranspose2d padding must be >= 0, got %s", value);
      this.padding = value;
      return this;
    }

    public Builder outputPadding(int value) {
      Preconditions.checkArgument(
          value >= 0, "ConvTranspose2d outputPadding must be >= 0, got %s", value);
      this.outputPadding = value;
      return this;
    }

    public Builder bias(boolean value) {
      this.bias = value;
      return this;
    }

    public ConvTranspose2d build() {
      Preconditions.checkArgument(
          outputPadding < stride,
          "ConvTranspose2d outputPadding (%s) must be smaller than stride (%s), as in PyTorch",
          outputPadding,
          stride);
      return new ConvTranspose2d(this);
    }
  }
}

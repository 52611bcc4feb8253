package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * GP-UNIT's AdaIN residual block ({@code AdaResnetBlock}):
 *
 * <pre>
 * dx  = conv_1(lrelu0.2(norm_1(conv_0(lrelu0.2(norm_0(x, s))), s)))
 * out = shortcut(x, s) + dx,   shortcut = conv_s(norm_s(x, s)) if fin ≠ fout else x
 * </pre>
 *
 * {@code conv_0} (fin → fout) and {@code conv_1} (fout → fout) are 3×3 with zero padding 1 and bias;
 * {@code conv_s} is 1×1 without bias; {@code norm_*} are {@link AdaIn}s on their input width.
 */
public final class AdaInResBlock {

  private static final Activation LRELU = Activation.leakyRelu(0.2);

  private final int fin;
  private final int fout;
  private final Conv2d conv0;
  private final Conv2d conv1;
  private final Conv2d convS;
  private final AdaIn norm0;
  private final AdaIn norm1;
  private final AdaIn normS;

  private AdaInResBlock(int fin, int fout, int styleDim) {
    this.fin = fin;
    this.fout = fout;
    this.conv0 = Conv2d.builder(fin, fout, 3).padding(1).build();
    this.conv1 = Conv2d.builder(fout, fout, 3).padding(1).build();
    this.convS = Conv2d.builder(fin, fout, 1).bias(false).build();
    this.norm0 = AdaIn.builder(fin, styleDim).build();
    this.norm1 = AdaIn.builder(fout, styleDim).build();
    this.normS = AdaIn.builder(fin, styleDim).build();
  }

  public static Builder builder(int fin, int fout, int styleDim) {
    return new Builder(fin, fout, styleDim);
  }

  /** {@code x} [N, fin, H, W], {@code style} [N, styleDim]; the result is [N, fout, H, W]. */
  public SDVariable apply(Scope scope, SDVariable x, SDVariable style) {
    SDVariable h = LRELU.apply(norm0.apply(scope.child("norm_0"), x, style));
    h = conv0.apply(scope.child("conv_0"), h);
    h = LRELU.apply(norm1.apply(scope.child("norm_1"), h, style));
    SDVariable dx = conv1.apply(scope.child("conv_1"), h);
    SDVariable shortcut =
        fin == fout
            ? x
            : convS.apply(scope.child("conv_s"), normS.apply(scope.child("norm_s"), x, style));
    return shortcut.add(dx);
  }

  /** Configures an {@link AdaInResBlock}. */
  public static final class Builder {
    private final int fin;
    private final int fout;
    private final int styleDim;

    private Builder(int fin, int fout, int styleDim) {
      Preconditions.checkArgument(
          fin > 0 && fout > 0 && styleDim > 0,
          "AdaInResBlock needs positive fin, fout, styleDim; got %s, %s, %s",
          fin,
          fout,
          styleDim);
      this.fin = fin;
      this.fout = fout;
      this.styleDim = styleDim;
    }

    public AdaInResBlock build() {
      return new AdaInResBlock(fin, fout, styleDim);
    }
  }
}

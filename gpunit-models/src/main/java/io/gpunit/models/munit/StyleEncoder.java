package io.gpunit.models.munit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.PadMode;
import io.gpunit.core.nn.Scope;
import io.gpunit.models.baselines.Conv2dBlock;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * MUNIT's {@code StyleEncoder(n_downsample, 3, dim, style_dim, norm='none', 'relu', 'reflect')}
 * (official n_downsample 4), global-pooled so the code has no spatial layout:
 *
 * <pre>
 * model.0            Conv2dBlock(3 → dim, 7×7, pad 3, ReLU)
 * model.1, model.2   Conv2dBlock(d → 2d, 4×4, stride 2, pad 1, ReLU)
 * model.3 … model.n  Conv2dBlock(d → d, 4×4, stride 2, pad 1, ReLU)
 * model.(n+1)        AdaptiveAvgPool2d(1)
 * model.(n+2)        nn.Conv2d(d → style_dim, 1×1)
 * </pre>
 *
 * without normalisation (instance norm would remove the style), with reflection padding. The code
 * is returned as [N, style_dim] (the official [N, style_dim, 1, 1] flattened, as its MLP does).
 */
final class StyleEncoder {

  private final int dim;
  private final int styleDim;
  private final int nDownsample;

  StyleEncoder(int dim, int styleDim, int nDownsample) {
    Preconditions.checkArgument(
        nDownsample >= 2, "the style encoder has at least 2 downsamplings, got %s", nDownsample);
    this.dim = dim;
    this.styleDim = styleDim;
    this.nDownsample = nDownsample;
  }

  SDVariable apply(Scope scope, SDVariable images) {
    Scope model = scope.child("model");
    SDVariable h = block(3, dim, 7, 1, 3).apply(model.child(0), images);
    int d = dim;
    for (int i = 0; i < nDownsample; i++) {
      int out = i < 2 ? 2 * d : d;
      h = block(d, out, 4, 2, 1).apply(model.child(i + 1), h);
      d = out;
    }
    SDVariable pooled = h.mean(true, 2, 3);
    SDVariable code =
        Conv2d.builder(d, styleDim, 1).build().apply(model.child(nDownsample + 2), pooled);
    return code.reshape(-1, styleDim);
  }

  private static Conv2dBlock block(int in, int out, int kernel, int stride, int padding) {
    return Conv2dBlock.builder(in, out, kernel)
        .stride(stride)
        .padding(padding)
        .padMode(PadMode.REFLECT)
        .activation(Activation.relu())
        .build();
  }
}

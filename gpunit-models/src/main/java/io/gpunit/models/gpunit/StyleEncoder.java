package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.Layout;
import io.gpunit.core.nn.Linear;
import io.gpunit.core.nn.PadMode;
import io.gpunit.core.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The stage-2 style encoder E<sub>s</sub> inside the generator ({@code StyleEncoder} in the
 * official {@code generator.py}): it maps an exemplar image to the style code that drives every
 * AdaIN layer.
 *
 * <pre>
 * f = avgpool(relu(conv4×4/2(… relu(conv4×4/2(relu(conv7×7(y)))))))      (reflection padding)
 * s = relu(W_L … relu(W_1 relu(W_0 f + b_0) + b_1) … + b_L)               (f: C → compress → C … → C)
 * </pre>
 *
 * Parameters as in {@code ckpt["g_ema"]}: {@code model.{0,2,4,…}.weight/bias}, {@code
 * mlp.{0,2,4,…}.weight/bias} (the odd indices are the parameter-free ReLUs).
 */
public final class StyleEncoder {

  /** The pooled features and the style code, both [N, C]. */
  public record Output(SDVariable pooled, SDVariable code) {}

  private final StyleEncoderConfig config;

  public StyleEncoder(StyleEncoderConfig config) {
    this.config = Preconditions.checkNotNull(config, "config");
  }

  public StyleEncoderConfig config() {
    return config;
  }

  /** The style of images {@code y} [N, 3, H, W] (NCHW whatever the scope's layout). */
  public Output apply(Scope scope, SDVariable y) {
    Activation relu = Activation.relu();
    Scope model = scope.child("model");
    Layout layout = scope.layout();
    SDVariable h =
        conv(3, config.convChannels(0), 7, 1, 3).apply(model.child(0), layout.fromNchw(y));
    h = relu.apply(h);
    for (int i = 1; i <= config.downsamplings(); i++) {
      h =
          conv(config.convChannels(i - 1), config.convChannels(i), 4, 2, 1)
              .apply(model.child(2 * i), h);
      h = relu.apply(h);
    }
    SDVariable pooled = layout.spatialMean(h);

    Scope mlp = scope.child("mlp");
    int width = config.styleDim();
    SDVariable s = pooled;
    int in = width;
    for (int i = 0; i <= config.mlpLayers(); i++) {
      int out = i == 0 ? config.compressChannels() : width;
      s = relu.apply(Linear.builder(in, out).build().apply(mlp.child(2 * i), s));
      in = out;
    }
    return new Output(pooled, s);
  }

  private static Conv2d conv(int in, int out, int kernel, int stride, int padding) {
    return Conv2d.builder(in, out, kernel)
        .stride(stride)
        .padding(padding)
        .padMode(PadMode.REFLECT)
        .build();
  }
}

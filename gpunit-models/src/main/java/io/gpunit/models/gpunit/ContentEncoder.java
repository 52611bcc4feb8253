package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.nn.Upsample;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The stage-1 content encoder E<sub>c</sub> of GP-UNIT (Yang et al. 2022, §3.1; {@code
 * ContentEncoder} in the official {@code content_encoder.py}).
 *
 * <p>The input is resized to {@code R×R} (bilinear, {@code align_corners=False}; R = 256), then six
 * blocks {@code layer1 … layer6} each apply two {@link ConvBlock}s, {@code
 * lrelu₀.₂(IN(SN-conv3×3(x)))} with reflection padding, the first with stride 1 and the second with
 * stride 2 (stride 1 in {@code layer6}):
 *
 * <pre>
 * c1 = layer1(resize(x)) · nef × R/2      c4 = layer4(c3) · 8nef × R/16
 * c2 = layer2(c1)        · 2nef × R/4     c5 = layer5(c4) · 8nef × R/32
 * c3 = layer3(c2)        · 4nef × R/8     c6 = layer6(c5) · 1 × R/32   (the content code)
 * </pre>
 *
 * Parameters are named {@code layerK.I.conv.weight_orig} etc. as in {@code content_encoder.pt}.
 */
public final class ContentEncoder {

  private final ContentEncoderConfig config;

  public ContentEncoder(ContentEncoderConfig config) {
    this.config = Preconditions.checkNotNull(config, "config");
  }

  public ContentEncoderConfig config() {
    return config;
  }

  /**
   * The feature pyramid of images {@code x} [N, 3, H, W] in [-1, 1]; H and W must be static unless
   * they already are the working resolution.
   */
  public ContentFeatures apply(Scope scope, SDVariable x) {
    return applyAtResolution(scope, resize(x));
  }

  /**
   * The feature pyramid of images {@code resized} that already are R×R but whose static shape the
   * graph does not know (another network's output, e.g. the stage-2 content loss on G's images).
   * The images are NCHW; the features are in the scope's {@link io.gpunit.core.nn.Layout}.
   */
  public ContentFeatures applyAtResolution(Scope scope, SDVariable resized) {
    List<SDVariable> features = new ArrayList<>();
    SDVariable h = scope.layout().fromNchw(resized);
    for (int k = 1; k <= ContentEncoderConfig.blocks(); k++) {
      h = block(scope, k, h);
      features.add(h);
    }
    return new ContentFeatures(resized, features);
  }

  /** Block {@code layerK} (k = 1…6) applied to {@code h}, its parameters under {@code scope}. */
  public SDVariable block(Scope scope, int k, SDVariable h) {
    Preconditions.checkArgument(
        k >= 1 && k <= ContentEncoderConfig.blocks(),
        "block %s: the content encoder has blocks 1 to %s",
        k,
        ContentEncoderConfig.blocks());
    Scope layer = scope.child("layer" + k);
    Activation lrelu = Activation.leakyRelu(ConvBlock.SLOPE);
    int secondStride = k == ContentEncoderConfig.blocks() ? 1 : 2;
    SDVariable middle =
        ConvBlock.of(
                config.blockInputChannels(k),
                config.blockMiddleChannels(k),
                3,
                1,
                1,
                ConvBlock.Norm.INSTANCE,
                lrelu)
            .apply(layer.child(0), h);
    return ConvBlock.of(
            config.blockMiddleChannels(k),
            config.blockChannels(k),
            3,
            1,
            secondStride,
            ConvBlock.Norm.INSTANCE,
            lrelu)
        .apply(layer.child(1), middle);
  }

  /**
   * {@code F.interpolate(x, (R, R), mode='bilinear', align_corners=False)}, skipped (as the
   * official code skips it) when the static shape already is R×R. Any other input needs a static H,
   * W (the interpolation matrices are built with the graph); {@link Upsample} says so if not.
   */
  private SDVariable resize(SDVariable x) {
    int r = config.resolution();
    long[] shape = x.getShape();
    if (shape != null && shape.length == 4 && shape[2] == r && shape[3] == r) {
      return x;
    }
    return Upsample.bilinear(r, r).apply(x);
  }
}

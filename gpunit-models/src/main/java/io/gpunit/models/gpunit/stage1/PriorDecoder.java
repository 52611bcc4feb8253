package io.gpunit.models.gpunit.stage1;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.nn.Upsample;
import io.gpunit.models.gpunit.ConvBlock;
import io.gpunit.models.gpunit.FeatureStatistics;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * The stage-1 decoder with its shape head ({@code Decoder} in the official {@code
 * content_encoder.py}). From an 8² feature map it reconstructs the image, conditioned on a
 * domain-level style code {@code y} (AdaIN, coarse layers) and image-level statistics {@code s}
 * (modulated instance norm, fine layers), and predicts the 16² shape mask:
 *
 * <pre>
 * f1 = layer1(x; y)                      three AdaIN blocks, 8ndf, 8²
 * f2 = up(layer2(f1; y))                  16²
 * t  = layer3(f2; y);  mask = tanh(tomask(t))      (3 × 16², the shape head)
 * f4 = up(layer4(up(t); s₃))              4ndf, 64²      (s_k = statistics of the style encoder's f_k)
 * f5 = up(layer5(f4; s₂))                 2ndf, 128²
 * f6 = up(layer6(f5; s₁))                 ndf, 256²
 * out = tanh(layer7(f6))                  3 × 256²
 * </pre>
 *
 * Every block is a {@link ConvBlock} (SN-conv3×3 with reflection padding) with ReLU unless stated.
 * Parameters under {@code layer1.{0,1,2}.}, {@code layer2.} … {@code layer7.} and {@code tomask.}.
 */
public final class PriorDecoder {

  /** The reconstructed image [N, 3, 256, 256] and shape mask [N, 3, 16, 16], both in [-1, 1]. */
  public record Output(SDVariable image, SDVariable mask) {}

  private static final int ADAIN_BLOCKS = 3;

  private final int ndf;
  private final int domainStyleDim;

  public PriorDecoder(int ndf, int domainStyleDim) {
    Preconditions.checkArgument(ndf > 0, "ndf must be positive, got %s", ndf);
    Preconditions.checkArgument(domainStyleDim > 0, "domainStyleDim must be positive");
    this.ndf = ndf;
    this.domainStyleDim = domainStyleDim;
  }

  /**
   * Decodes {@code x} [N, 8ndf, 8, 8] with domain style {@code domainStyle} [N, domainStyleDim] and
   * the style encoder's statistics {@code styles} ({@code f1 … f6}; f1..f3 are read).
   */
  public Output apply(
      Scope scope, SDVariable x, List<FeatureStatistics> styles, SDVariable domainStyle) {
    scope.requireNchw("the prior decoder");
    Preconditions.checkArgument(styles.size() >= 3, "the decoder reads the statistics of f1..f3");
    Activation relu = Activation.relu();
    Upsample up = Upsample.nearest(2);
    int wide = 8 * ndf;
    SDVariable f = x;
    for (int i = 0; i < ADAIN_BLOCKS; i++) {
      f = adain(wide, wide).apply(scope.child("layer1").child(i), f, domainStyle);
    }
    f = up.apply(adain(wide, wide).apply(scope.child("layer2"), f, domainStyle));
    SDVariable t = adain(wide, wide).apply(scope.child("layer3"), f, domainStyle);
    SDVariable mask =
        ConvBlock.of(wide, 3, 3, 1, 1, ConvBlock.Norm.NONE, Activation.tanh())
            .apply(scope.child("tomask"), t);
    f = up.apply(t);
    f = up.apply(modulated(wide, 4 * ndf, relu).apply(scope.child("layer4"), f, styles.get(2)));
    f = up.apply(modulated(4 * ndf, 2 * ndf, relu).apply(scope.child("layer5"), f, styles.get(1)));
    f = up.apply(modulated(2 * ndf, ndf, relu).apply(scope.child("layer6"), f, styles.get(0)));
    SDVariable image =
        ConvBlock.of(ndf, 3, 3, 1, 1, ConvBlock.Norm.NONE, Activation.tanh())
            .apply(scope.child("layer7"), f);
    return new Output(image, mask);
  }

  private ConvBlock adain(int in, int out) {
    return ConvBlock.adain(
        in, out, 3, 1, 1, ConvBlock.Norm.ADAIN, domainStyleDim, Activation.relu());
  }

  private static ConvBlock modulated(int in, int out, Activation activation) {
    return ConvBlock.of(in, out, 3, 1, 1, ConvBlock.Norm.INSTANCE, activation);
  }

  /**
   * The decoder's {@code decoded}² images average-pooled to {@code size}² (the data's size; the
   * identity when they agree), so small data is compared with the official 256² decoder.
   */
  static SDVariable poolTo(SDVariable image, int decoded, int size) {
    Preconditions.checkArgument(
        decoded % size == 0,
        "image size %s must divide the decoder's output size %s",
        size,
        decoded);
    int factor = decoded / size;
    if (factor == 1) {
      return image;
    }
    return image
        .getSameDiff()
        .cnn()
        .avgPooling2d(
            image,
            Pooling2DConfig.builder()
                .kH(factor)
                .kW(factor)
                .sH(factor)
                .sW(factor)
                .paddingMode(PaddingMode.VALID)
                .isNHWC(false)
                .build());
  }
}

package io.gpunit.models.gpunit;

import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * The discriminator's residual downsampling block ({@code ResnetBlock(fin, fout, downsample=True)}
 * in the official {@code discriminator.py}, after StarGAN v2), every convolution
 * spectral-normalised (unless {@link DiscriminatorConfig#spectralNorm()} says not):
 *
 * <pre>
 * out = (avgpool₂(conv_s(x)) + conv_1(lrelu(avgpool₂(conv_0(lrelu(x)))))) / √2
 * </pre>
 *
 * with {@code conv_s} a bias-free 1×1 convolution present only when {@code fin ≠ fout} (identity
 * otherwise), {@code conv_0} 3×3 {@code fin → fin}, {@code conv_1} 3×3 {@code fin → fout}, zero
 * padding.
 *
 * <p>The shortcut pools first: avgpool₂(conv_s(x)) = conv_s(avgpool₂(x)), since a bias-free 1×1
 * convolution mixes channels pixel by pixel and the pooling averages pixels channel by channel.
 * Pooled first, the convolution sees a quarter of the pixels; ND4J M2.1's oneDNN 1×1 convolution is
 * memory-bound (at [2, 64, 256, 256] → 128 it took 120–530 ms, four times a 3×3 convolution's time
 * per output), so the official order cost a released-width training iteration ~1 s.
 */
final class DiscriminatorBlock {

  private static final double SLOPE = 0.2;

  private final Conv2d conv0;
  private final Conv2d conv1;
  private final Conv2d shortcut;

  /** {@code biases} false leaves out conv_0's and conv_1's biases (D's linear part). */
  DiscriminatorBlock(int fin, int fout, boolean spectralNorm, boolean biases) {
    this.conv0 =
        Conv2d.builder(fin, fin, 3).padding(1).bias(biases).spectralNorm(spectralNorm).build();
    this.conv1 =
        Conv2d.builder(fin, fout, 3).padding(1).bias(biases).spectralNorm(spectralNorm).build();
    this.shortcut =
        fin != fout
            ? Conv2d.builder(fin, fout, 1).bias(false).spectralNorm(spectralNorm).build()
            : null;
  }

  SDVariable apply(Scope scope, SDVariable x) {
    return apply(scope, x, Activation.leakyRelu(SLOPE));
  }

  /**
   * The block with {@code lrelu} as its activation (see {@link
   * Discriminator#linearPartWithFedSlopes}).
   */
  SDVariable apply(Scope scope, SDVariable x, Activation lrelu) {
    SDVariable skip = shortcut == null ? halve(x) : shortcut.apply(scope.child("conv_s"), halve(x));
    SDVariable dx = halve(conv0.apply(scope.child("conv_0"), lrelu.apply(x)));
    dx = conv1.apply(scope.child("conv_1"), lrelu.apply(dx));
    return skip.add(dx).div(Math.sqrt(2));
  }

  /** {@code F.avg_pool2d(x, 2)}. */
  private static SDVariable halve(SDVariable x) {
    Pooling2DConfig config =
        Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).isNHWC(false).build();
    return x.getSameDiff().cnn().avgPooling2d(x, config);
  }
}

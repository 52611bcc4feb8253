package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.AdaInResBlock;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.DynamicSkipConnection;
import io.gpunit.core.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * One resolution of the stage-2 generator ({@code GeneratorLayer} in the official {@code
 * generator.py}):
 *
 * <pre>
 * x'  = post(res(x, s), s)            (AdaIN residual blocks; post only in the 8² layer)
 * rgb = conv7×7(lrelu₀.₂(x'))          (the image at this scale is tanh(rgb))
 * x'', h', m = skip(x', f_E, h)        (dynamic skip connection, in the 16² and 32² layers)
 * </pre>
 *
 * The RGB head reads {@code x'} before the skip fusion. Parameters under {@code reslayer.}, {@code
 * postlayer.}, {@code rgblayer.} and {@code skiplayer.}.
 */
public final class GeneratorLayer {

  /**
   * What a layer returns: the features passed on, the pre-tanh image, and the skip's new hidden
   * state and mask (null without a skip).
   */
  public record Output(SDVariable x, SDVariable rgb, SDVariable state, SDVariable mask) {

    /** Whether the dynamic skip ran. */
    public boolean skipped() {
      return mask != null;
    }
  }

  private static final double SLOPE = 0.2;

  private final AdaInResBlock res;
  private final AdaInResBlock post;
  private final Conv2d rgb;
  private final DynamicSkipConnection skip;

  /**
   * A layer {@code fin → fout}; {@code post} adds a second residual block; {@code skipHidden > 0}
   * adds a dynamic skip whose incoming hidden state has that many channels.
   */
  public GeneratorLayer(int fin, int fout, int styleDim, boolean post, int skipHidden) {
    Preconditions.checkArgument(skipHidden >= 0, "skipHidden must be ≥ 0, got %s", skipHidden);
    this.res = AdaInResBlock.builder(fin, fout, styleDim).build();
    this.post = post ? AdaInResBlock.builder(fout, fout, styleDim).build() : null;
    this.rgb = Conv2d.builder(fout, 3, 7).padding(3).build();
    this.skip = skipHidden > 0 ? DynamicSkipConnection.builder(skipHidden, fout).build() : null;
  }

  /** Whether this layer has a dynamic skip connection. */
  public boolean hasSkip() {
    return skip != null;
  }

  /**
   * Runs the layer on {@code x} with style code {@code style}; the skip runs only when this layer
   * has one and both {@code content} (the encoder feature at this scale) and {@code state} are
   * given.
   */
  public Output apply(
      Scope scope, SDVariable x, SDVariable style, SDVariable content, SDVariable state) {
    SDVariable h = res.apply(scope.child("reslayer"), x, style);
    if (post != null) {
      h = post.apply(scope.child("postlayer"), h, style);
    }
    SDVariable image = rgb.apply(scope.child("rgblayer"), Activation.leakyRelu(SLOPE).apply(h));
    if (skip == null || content == null || state == null) {
      return new Output(h, image, null, null);
    }
    DynamicSkipConnection.Output fused = skip.apply(scope.child("skiplayer"), h, content, state);
    return new Output(fused.out(), image, fused.state(), fused.mask());
  }
}

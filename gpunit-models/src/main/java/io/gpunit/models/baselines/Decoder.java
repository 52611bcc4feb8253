package io.gpunit.models.baselines;

import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.PadMode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.nn.Upsample;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The official {@code Decoder(n_upsample, n_res, dim, 3, res_norm, 'relu', 'reflect')}: with d =
 * dim·2ⁿ the content width,
 *
 * <pre>
 * model.0         ResBlocks(nRes, d, res_norm, ReLU)        (res_norm: 'adain' in MUNIT, 'in' in UNIT)
 * model.(2i+1)    nn.Upsample(scale 2, nearest)             i = 0 … n−1
 * model.(2i+2)    Conv2dBlock(d → d/2, 5×5, pad 2, LayerNorm, ReLU)
 * model.(2n+1)    Conv2dBlock(dim → 3, 7×7, pad 3, none, tanh)
 * </pre>
 *
 * all with reflection padding.
 */
public final class Decoder {

  private final GeneratorShape shape;
  private final BlockNorm resNorm;

  public Decoder(GeneratorShape shape, BlockNorm resNorm) {
    this.shape = shape;
    this.resNorm = resNorm;
  }

  /** The widths of the adaptive norms in module order (empty unless {@code res_norm='adain'}). */
  public int[] adaptiveChannels() {
    int n = resNorm == BlockNorm.ADAPTIVE ? 2 * shape.nRes() : 0;
    int[] channels = new int[n];
    java.util.Arrays.fill(channels, shape.contentChannels());
    return channels;
  }

  /** Images [N, 3, S, S] in [-1, 1] from content codes; {@code adain} only with adaptive norms. */
  public SDVariable apply(Scope scope, SDVariable content, AdaInParameters adain) {
    scope.requireNchw("the baselines' decoder");
    return apply(scope, scope, 0, content, adain);
  }

  /**
   * As {@link #apply(Scope, SDVariable, AdaInParameters)}, but the first {@code sharedBlocks}
   * residual blocks take their parameters from {@code shared} (another decoder's scope).
   */
  public SDVariable apply(
      Scope scope, Scope shared, int sharedBlocks, SDVariable content, AdaInParameters adain) {
    int d = shape.contentChannels();
    SDVariable h =
        ResBlocks.of(shape.nRes(), d, resNorm, Activation.relu(), PadMode.REFLECT)
            .apply(
                i ->
                    ResBlocks.blockScope(
                        (i < sharedBlocks ? shared : scope).child("model").child(0), i),
                content,
                adain);
    Upsample up = Upsample.nearest(2);
    for (int i = 0; i < shape.nDownsample(); i++) {
      h = up.apply(h);
      h =
          Conv2dBlock.builder(d, d / 2, 5)
              .padding(2)
              .padMode(PadMode.REFLECT)
              .norm(BlockNorm.LAYER)
              .activation(Activation.relu())
              .build()
              .apply(scope.child("model").child(2 * i + 2), h);
      d /= 2;
    }
    return Conv2dBlock.builder(d, 3, 7)
        .padding(3)
        .padMode(PadMode.REFLECT)
        .activation(Activation.tanh())
        .build()
        .apply(scope.child("model").child(2 * shape.nDownsample() + 1), h);
  }
}

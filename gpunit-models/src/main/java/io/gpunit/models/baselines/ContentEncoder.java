package io.gpunit.models.baselines;

import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.PadMode;
import io.gpunit.core.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The official {@code ContentEncoder(n_downsample, n_res, input_dim, dim, 'in', 'relu', 'reflect')}
 * of MUNIT's content encoder and of UNIT's VAE encoder:
 *
 * <pre>
 * model.0          Conv2dBlock(3 → dim, 7×7, pad 3, IN, ReLU)
 * model.1 … model.n Conv2dBlock(d → 2d, 4×4, stride 2, pad 1, IN, ReLU)     (n = nDownsample)
 * model.(n+1)      ResBlocks(nRes, dim·2ⁿ, IN, ReLU)
 * </pre>
 *
 * all with reflection padding.
 */
public final class ContentEncoder {

  private final GeneratorShape shape;

  public ContentEncoder(GeneratorShape shape) {
    this.shape = shape;
  }

  public GeneratorShape shape() {
    return shape;
  }

  /** The content code [N, dim·2ⁿ, S/2ⁿ, S/2ⁿ] of images [N, 3, S, S]. */
  public SDVariable apply(Scope scope, SDVariable images) {
    return apply(scope, scope, 0, images);
  }

  /**
   * As {@link #apply(Scope, SDVariable)}, but the last {@code sharedBlocks} residual blocks take
   * their parameters from {@code shared} (another encoder's scope) instead of {@code scope}.
   */
  public SDVariable apply(Scope scope, Scope shared, int sharedBlocks, SDVariable images) {
    scope.requireNchw("the baselines' content encoder");
    SDVariable h = block(3, shape.dim(), 7, 1, 3).apply(scope.child("model").child(0), images);
    int d = shape.dim();
    for (int i = 0; i < shape.nDownsample(); i++) {
      h = block(d, 2 * d, 4, 2, 1).apply(scope.child("model").child(i + 1), h);
      d *= 2;
    }
    int first = shape.nRes() - sharedBlocks;
    int index = shape.nDownsample() + 1;
    return ResBlocks.of(shape.nRes(), d, BlockNorm.INSTANCE, Activation.relu(), PadMode.REFLECT)
        .apply(
            i -> ResBlocks.blockScope((i >= first ? shared : scope).child("model").child(index), i),
            h,
            null);
  }

  private static Conv2dBlock block(int in, int out, int kernel, int stride, int padding) {
    return Conv2dBlock.builder(in, out, kernel)
        .stride(stride)
        .padding(padding)
        .padMode(PadMode.REFLECT)
        .norm(BlockNorm.INSTANCE)
        .activation(Activation.relu())
        .build();
  }
}

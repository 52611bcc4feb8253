package io.gpunit.models.baselines;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.PadMode;
import io.gpunit.core.nn.Scope;
import java.util.function.IntFunction;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The official {@code ResBlocks(n, dim, norm, activation, pad_type)}: n residual blocks
 *
 * <pre>
 * out = x + block₁(block₀(x)),   block₀ = Conv2dBlock(3×3, norm, activation), block₁ = Conv2dBlock(3×3, norm, none)
 * </pre>
 *
 * named {@code model.i.model.0} and {@code model.i.model.1}. (Core's {@code ResBlock} computes the
 * same with instance norm, but under GP-UNIT's names and without the layer / adaptive norms.)
 */
public final class ResBlocks {

  private final int blocks;
  private final Conv2dBlock first;
  private final Conv2dBlock second;

  private ResBlocks(int blocks, int dim, BlockNorm norm, Activation activation, PadMode padMode) {
    Preconditions.checkArgument(blocks >= 0, "ResBlocks needs n >= 0, got %s", blocks);
    this.blocks = blocks;
    this.first =
        Conv2dBlock.builder(dim, dim, 3)
            .padding(1)
            .padMode(padMode)
            .norm(norm)
            .activation(activation)
            .build();
    this.second =
        Conv2dBlock.builder(dim, dim, 3)
            .padding(1)
            .padMode(padMode)
            .norm(norm)
            .activation(Activation.identity())
            .build();
  }

  public static ResBlocks of(
      int blocks, int dim, BlockNorm norm, Activation activation, PadMode padMode) {
    return new ResBlocks(blocks, dim, norm, activation, padMode);
  }

  public int blocks() {
    return blocks;
  }

  /** The blocks under {@code scope} ({@code scope.model.i.*}). */
  public SDVariable apply(Scope scope, SDVariable x, AdaInParameters adain) {
    return apply(i -> blockScope(scope, i), x, adain);
  }

  /**
   * The blocks with block i's parameters under {@code scopes.apply(i)}: a block given another
   * network's scope shares that network's parameters (UNIT's shared layers).
   */
  public SDVariable apply(IntFunction<Scope> scopes, SDVariable x, AdaInParameters adain) {
    SDVariable h = x;
    for (int i = 0; i < blocks; i++) {
      Scope block = scopes.apply(i);
      SDVariable dx = first.apply(block.child("model").child(0), h, adain);
      h = h.add(second.apply(block.child("model").child(1), dx, adain));
    }
    return h;
  }

  /** {@code scope.model.i}: where block i's parameters live. */
  public static Scope blockScope(Scope scope, int i) {
    return scope.child("model").child(i);
  }
}

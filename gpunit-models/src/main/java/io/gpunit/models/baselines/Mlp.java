package io.gpunit.models.baselines;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Linear;
import io.gpunit.core.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The official {@code MLP(input_dim, output_dim, dim, n_blk, norm='none', activ='relu')}: {@code
 * n_blk} fully connected layers {@code model.i.fc} (in → dim → … → dim → out), ReLU after every one
 * but the last. MUNIT maps the style code to the decoder's AdaIN parameters with it (dim 256, 3
 * blocks).
 */
public final class Mlp {

  private final int in;
  private final int out;
  private final int dim;
  private final int blocks;

  private Mlp(int in, int out, int dim, int blocks) {
    Preconditions.checkArgument(
        in > 0 && out > 0 && dim > 0 && blocks >= 2,
        "MLP needs positive in, out, dim and at least 2 blocks; got %s, %s, %s, %s",
        in,
        out,
        dim,
        blocks);
    this.in = in;
    this.out = out;
    this.dim = dim;
    this.blocks = blocks;
  }

  public static Mlp of(int in, int out, int dim, int blocks) {
    return new Mlp(in, out, dim, blocks);
  }

  /** {@code x} [N, in] → [N, out]. */
  public SDVariable apply(Scope scope, SDVariable x) {
    SDVariable h = x;
    for (int i = 0; i < blocks; i++) {
      boolean last = i == blocks - 1;
      Linear fc = Linear.builder(i == 0 ? in : dim, last ? out : dim).build();
      h = fc.apply(scope.child("model").child(i).child("fc"), h);
      if (!last) {
        h = Activation.relu().apply(h);
      }
    }
    return h;
  }
}

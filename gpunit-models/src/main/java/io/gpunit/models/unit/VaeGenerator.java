package io.gpunit.models.unit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.models.baselines.BlockNorm;
import io.gpunit.models.baselines.ContentEncoder;
import io.gpunit.models.baselines.Decoder;
import io.gpunit.models.baselines.GeneratorShape;
import io.gpunit.models.baselines.WeightIndices;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * UNIT's per-domain VAE {@code VAEGen} (Liu et al. 2017, §2): an encoder E to the shared latent
 * space and a generator G back to images,
 *
 * <pre>
 * μ = E(x)      z = μ + η, η ~ N(0, I) while training      x̂ = G(z)
 * </pre>
 *
 * with E the official {@link ContentEncoder} (instance norm) as {@code enc} and G the official
 * {@link Decoder} with instance-normalised residual blocks as {@code dec}.
 *
 * <p><b>Weight sharing.</b> The paper ties the last layers of E₁, E₂ (high-level features) and the
 * first layers of G₁, G₂ (high-level generation) so that both domains share one latent space. Here
 * domain B's network applies its last {@code sharedEncoderBlocks} encoder residual blocks and its
 * first {@code sharedDecoderBlocks} decoder residual blocks with the <em>same</em> parameters as
 * domain A's: those blocks are built under {@code gen_a}'s scope, so {@link Scope#param} returns
 * A's variables and one parameter receives the gradients of both paths. The 2018 PyTorch release
 * shares nothing (0, 0) and relies on the shared latent losses alone; the original release shared
 * one block on each side (1, 1), the default here.
 */
public final class VaeGenerator {

  private final GeneratorShape shape;
  private final int sharedEncoderBlocks;
  private final int sharedDecoderBlocks;
  private final ContentEncoder encoder;
  private final Decoder decoder;

  public VaeGenerator(GeneratorShape shape, int sharedEncoderBlocks, int sharedDecoderBlocks) {
    checkSharing(shape, sharedEncoderBlocks, sharedDecoderBlocks);
    this.shape = shape;
    this.sharedEncoderBlocks = sharedEncoderBlocks;
    this.sharedDecoderBlocks = sharedDecoderBlocks;
    this.encoder = new ContentEncoder(shape);
    this.decoder = new Decoder(shape, BlockNorm.INSTANCE);
  }

  /** Checks that A and B can share that many of their {@code shape.nRes()} residual blocks. */
  static void checkSharing(GeneratorShape shape, int sharedEncoderBlocks, int sharedDecoderBlocks) {
    Preconditions.checkArgument(
        sharedEncoderBlocks >= 0 && sharedEncoderBlocks <= shape.nRes(),
        "sharedEncoderBlocks must be in [0, nRes = %s], got %s",
        shape.nRes(),
        sharedEncoderBlocks);
    Preconditions.checkArgument(
        sharedDecoderBlocks >= 0 && sharedDecoderBlocks <= shape.nRes(),
        "sharedDecoderBlocks must be in [0, nRes = %s], got %s",
        shape.nRes(),
        sharedDecoderBlocks);
  }

  public GeneratorShape shape() {
    return shape;
  }

  /**
   * E(x): the latent means μ [N, dim·2ⁿ, S/2ⁿ, S/2ⁿ] under {@code gen.enc}, the shared blocks under
   * {@code shared.enc} ({@code shared == gen} for domain A).
   */
  public SDVariable encode(Scope gen, Scope shared, SDVariable images) {
    return encoder.apply(gen.child("enc"), shared.child("enc"), sharedEncoderBlocks, images);
  }

  /** G(z): images [N, 3, S, S] in [-1, 1], the shared blocks under {@code shared.dec}. */
  public SDVariable decode(Scope gen, Scope shared, SDVariable latent) {
    return decoder.apply(gen.child("dec"), shared.child("dec"), sharedDecoderBlocks, latent, null);
  }

  /**
   * The official names, under {@code prefix} ("gen_b."), of the parameters of the shared blocks
   * minus the prefix: {@code enc.model.(n+1).model.i.} for the last encoder blocks, {@code
   * dec.model.0.model.i.} for the first decoder blocks.
   */
  public java.util.List<String> sharedBlockPrefixes() {
    java.util.List<String> out = new java.util.ArrayList<>();
    int index = shape.nDownsample() + 1;
    for (int i = shape.nRes() - sharedEncoderBlocks; i < shape.nRes(); i++) {
      out.add("enc.model." + index + ".model." + i + ".");
    }
    for (int i = 0; i < sharedDecoderBlocks; i++) {
      out.add("dec.model.0.model." + i + ".");
    }
    return out;
  }

  /** The body of the UNIT generators stored in {@code weights} under {@code prefix} ("gen_a."). */
  public static GeneratorShape infer(TensorSource weights, String prefix) {
    String enc = prefix + "enc.model.";
    Preconditions.checkArgument(
        weights.names().contains(enc + "0.conv.weight"),
        "%s is not a UNIT model: it has no tensor '%s'",
        weights.description(),
        enc + "0.conv.weight");
    int dim = (int) weights.shape(enc + "0.conv.weight")[0];
    int nDown = Math.max(0, WeightIndices.highest(weights, enc, ".conv."));
    int nRes = WeightIndices.highest(weights, enc + (nDown + 1) + ".model.", ".") + 1;
    return new GeneratorShape(dim, nDown, nRes);
  }
}

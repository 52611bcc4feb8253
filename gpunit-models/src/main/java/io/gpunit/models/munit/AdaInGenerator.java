package io.gpunit.models.munit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.models.baselines.AdaInParameters;
import io.gpunit.models.baselines.BlockNorm;
import io.gpunit.models.baselines.ContentEncoder;
import io.gpunit.models.baselines.Decoder;
import io.gpunit.models.baselines.GeneratorShape;
import io.gpunit.models.baselines.Mlp;
import io.gpunit.models.baselines.WeightIndices;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * MUNIT's per-domain generator {@code AdaINGen} (Huang et al. 2018, §3): a content encoder E^c, a
 * style encoder E^s and a decoder G whose residual blocks are AdaIN-normalised with parameters an
 * MLP computes from the style code,
 *
 * <pre>
 * c = E^c(x)      s = E^s(x)      x̂ = G(c, s) = Dec(c; AdaIN params = MLP(s))
 * </pre>
 *
 * under the official names {@code enc_content.*}, {@code enc_style.*}, {@code dec.*}, {@code
 * mlp.*}.
 */
public final class AdaInGenerator {

  /**
   * The official {@code gen} sizes: the content encoder / decoder body, {@code style_dim} (8),
   * {@code mlp_dim} (256, 3 blocks) and the style encoder's downsamplings (4).
   */
  public record Shape(
      GeneratorShape body, int styleDim, int mlpDim, int mlpBlocks, int styleDownsample) {

    public Shape {
      Preconditions.checkNotNull(body, "body");
      Preconditions.checkArgument(styleDim > 0, "styleDim must be positive, got %s", styleDim);
      Preconditions.checkArgument(mlpDim > 0, "mlpDim must be positive, got %s", mlpDim);
      Preconditions.checkArgument(mlpBlocks >= 2, "mlpBlocks must be >= 2, got %s", mlpBlocks);
      Preconditions.checkArgument(
          styleDownsample >= 2, "styleDownsample must be >= 2, got %s", styleDownsample);
    }

    /**
     * {@code dim 64, n_downsample 2, n_res 4, style_dim 8, mlp_dim 256} (3 MLP blocks, 4 style
     * downsamplings).
     */
    public static Shape official() {
      return new Shape(GeneratorShape.official(), 8, 256, 3, 4);
    }

    /**
     * Checks that images of side {@code imageSize} fit both encoders (see {@link
     * GeneratorShape#checkImageSize}).
     */
    public void checkImageSize(int imageSize) {
      body.checkImageSize(imageSize);
      Preconditions.checkArgument(
          (imageSize >> (styleDownsample - 1)) >= 2,
          "image size %s is too small for %s style downsamplings (the last needs at least 2x2)",
          imageSize,
          styleDownsample);
    }

    /**
     * The shape of the MUNIT generators stored in {@code weights} under {@code prefix} ({@code
     * "gen_b."}), read from the tensors' shapes and count.
     */
    public static Shape infer(TensorSource weights, String prefix) {
      String content = prefix + "enc_content.model.";
      long[] first = shape(weights, content + "0.conv.weight");
      int dim = (int) first[0];
      int nDown = Math.max(0, WeightIndices.highest(weights, content, ".conv."));
      int nRes = WeightIndices.highest(weights, content + (nDown + 1) + ".model.", ".") + 1;
      String mlp = prefix + "mlp.model.";
      long[] mlpIn = shape(weights, mlp + "0.fc.weight");
      int mlpBlocks = WeightIndices.highest(weights, mlp, ".fc.") + 1;
      int styleDown =
          Math.max(0, WeightIndices.highest(weights, prefix + "enc_style.model.", ".conv."));
      return new Shape(
          new GeneratorShape(dim, nDown, nRes),
          (int) mlpIn[1],
          (int) mlpIn[0],
          mlpBlocks,
          styleDown);
    }

    private static long[] shape(TensorSource weights, String name) {
      Preconditions.checkArgument(
          weights.names().contains(name),
          "%s is not a MUNIT model: it has no tensor '%s'",
          weights.description(),
          name);
      return weights.shape(name);
    }
  }

  private final Shape shape;
  private final ContentEncoder contentEncoder;
  private final StyleEncoder styleEncoder;
  private final Decoder decoder;
  private final Mlp mlp;
  private final long adainCount;

  public AdaInGenerator(Shape shape) {
    this.shape = shape;
    this.contentEncoder = new ContentEncoder(shape.body());
    this.styleEncoder =
        new StyleEncoder(shape.body().dim(), shape.styleDim(), shape.styleDownsample());
    this.decoder = new Decoder(shape.body(), BlockNorm.ADAPTIVE);
    this.adainCount = AdaInParameters.count(decoder.adaptiveChannels());
    this.mlp = Mlp.of(shape.styleDim(), (int) adainCount, shape.mlpDim(), shape.mlpBlocks());
  }

  public Shape shape() {
    return shape;
  }

  /** E^c(x): content codes [N, dim·2ⁿ, S/2ⁿ, S/2ⁿ] of images [N, 3, S, S]. */
  public SDVariable encodeContent(Scope gen, SDVariable images) {
    return contentEncoder.apply(gen.child("enc_content"), images);
  }

  /** E^s(x): style codes [N, styleDim]. */
  public SDVariable encodeStyle(Scope gen, SDVariable images) {
    return styleEncoder.apply(gen.child("enc_style"), images);
  }

  /** G(c, s): images [N, 3, S, S] in [-1, 1]. */
  public SDVariable decode(Scope gen, SDVariable content, SDVariable style) {
    AdaInParameters adain =
        new AdaInParameters(mlp.apply(gen.child("mlp"), style), decoder.adaptiveChannels());
    SDVariable images = decoder.apply(gen.child("dec"), content, adain);
    Preconditions.checkState(adain.isExhausted(), "the decoder left AdaIN parameters unused");
    return images;
  }
}

package io.gpunit.models.baselines;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.PadMode;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.adversarial.LsganLoss;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * The official multi-scale PatchGAN discriminator {@code MsImageDis} of MUNIT and UNIT: {@code
 * numScales} identical networks {@code cnns.k}, network k seeing the image average-pooled k times
 * ({@code nn.AvgPool2d(3, stride 2, padding 1, count_include_pad=False)}). Each network is
 *
 * <pre>
 * cnns.k.0        Conv2dBlock(3 → dim, 4×4, stride 2, pad 1, no norm, LeakyReLU 0.2)
 * cnns.k.i        Conv2dBlock(d → 2d, 4×4, stride 2, pad 1, norm, LeakyReLU 0.2)    i = 1 … nLayer−1
 * cnns.k.nLayer   nn.Conv2d(d → 1, 1×1)
 * </pre>
 *
 * with reflection padding (official: dim 64, n_layer 4, num_scales 3, norm none). With LSGAN its
 * losses are summed over scales:
 *
 * <pre>
 * L_D = Σ_k mean((D_k(x_fake))²) + mean((D_k(x_real) − 1)²)      L_G = Σ_k mean((D_k(x_fake) − 1)²)
 * </pre>
 */
public final class MsImageDis {

  /** The official {@code dis} sizes: dim, number of stride-2 layers, number of scales. */
  public record Shape(int dim, int nLayer, int numScales) {
    public Shape {
      Preconditions.checkArgument(dim > 0, "discriminator dim must be positive, got %s", dim);
      Preconditions.checkArgument(
          nLayer > 0, "discriminator nLayer must be positive, got %s", nLayer);
      Preconditions.checkArgument(
          numScales > 0, "discriminator numScales must be positive, got %s", numScales);
    }

    /** The official {@code dim: 64, n_layer: 4, num_scales: 3}. */
    public static Shape official() {
      return new Shape(64, 4, 3);
    }

    /**
     * Checks that every scale's every layer can reflect-pad its input by 1 (which needs a side of
     * at least 2): the image side halved {@code numScales − 1 + nLayer − 1} times must be ≥ 2.
     */
    public void checkImageSize(int imageSize) {
      int smallest = imageSize;
      for (int i = 0; i < numScales - 1 + nLayer - 1; i++) {
        smallest = (smallest - 1) / 2 + 1;
      }
      Preconditions.checkArgument(
          smallest >= 2,
          "image size %s is too small for a discriminator with %s layers at %s scales: its"
              + " smallest input would be %sx%s, reflection padding needs at least 2x2",
          imageSize,
          nLayer,
          numScales,
          smallest,
          smallest);
    }
  }

  private static final Activation LRELU = Activation.leakyRelu(0.2);

  private final Shape shape;

  public MsImageDis(Shape shape) {
    this.shape = shape;
  }

  public Shape shape() {
    return shape;
  }

  /** The patch logits of every scale, finest first. */
  public List<SDVariable> apply(Scope scope, SDVariable images) {
    scope.requireNchw("MsImageDis");
    List<SDVariable> outputs = new ArrayList<>();
    SDVariable x = images;
    for (int k = 0; k < shape.numScales(); k++) {
      outputs.add(network(scope.child("cnns").child(k), x));
      if (k + 1 < shape.numScales()) {
        x = downsample(x);
      }
    }
    return outputs;
  }

  /** The generator's LSGAN loss Σ_k mean((D_k(fake) − 1)²), unweighted. */
  public SDVariable generatorLoss(Scope scope, SDVariable fake) {
    SameDiff sd = scope.sd();
    LsganLoss loss = LsganLoss.builder().build();
    SDVariable total = null;
    for (SDVariable logits : apply(scope, fake)) {
      SDVariable term = loss.generator(sd, logits);
      total = total == null ? term : total.add(term);
    }
    return total;
  }

  /** The discriminator's LSGAN loss Σ_k mean(D_k(fake)²) + mean((D_k(real) − 1)²), unweighted. */
  public SDVariable discriminatorLoss(Scope scope, SDVariable fake, SDVariable real) {
    SameDiff sd = scope.sd();
    LsganLoss loss = LsganLoss.builder().build();
    List<SDVariable> fakes = apply(scope, fake);
    List<SDVariable> reals = apply(scope, real);
    SDVariable total = null;
    for (int k = 0; k < fakes.size(); k++) {
      SDVariable term = loss.discriminator(sd, reals.get(k), fakes.get(k));
      total = total == null ? term : total.add(term);
    }
    return total;
  }

  private SDVariable network(Scope scope, SDVariable x) {
    SDVariable h = x;
    int d = shape.dim();
    for (int i = 0; i < shape.nLayer(); i++) {
      int in = i == 0 ? 3 : d;
      int out = i == 0 ? d : 2 * d;
      h =
          Conv2dBlock.builder(in, out, 4)
              .stride(2)
              .padding(1)
              .padMode(PadMode.REFLECT)
              .activation(LRELU)
              .build()
              .apply(scope.child(i), h);
      d = out;
    }
    return Conv2d.builder(d, 1, 1).build().apply(scope.child(shape.nLayer()), h);
  }

  /** {@code nn.AvgPool2d(3, stride=2, padding=[1, 1], count_include_pad=False)}. */
  static SDVariable downsample(SDVariable x) {
    return x.getSameDiff()
        .cnn()
        .avgPooling2d(
            x,
            Pooling2DConfig.builder()
                .kH(3)
                .kW(3)
                .sH(2)
                .sW(2)
                .pH(1)
                .pW(1)
                .paddingMode(PaddingMode.VALID)
                .divisor(Pooling2D.Divisor.EXCLUDE_PADDING)
                .isNHWC(false)
                .build());
  }
}

package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.Scope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The stage-2 discriminator D ({@code Discriminator} in the official {@code discriminator.py},
 * after StarGAN v2). Its modules are indexed as the official {@code nn.Sequential}, so a layer
 * index means the same as {@code train.py --style_layer}:
 *
 * <pre>
 * model.0        SN-conv3×3 3 → dim_in
 * model.1 … B    {@link DiscriminatorBlock}s (halve the size, double the width up to max_conv_dim)
 * model.B+1      LeakyReLU 0.2
 * model.B+2      SN-conv4×4 valid (4² → 1²)
 * model.B+3      LeakyReLU 0.2
 * linear         SN-conv1×1 → 1 logit
 * </pre>
 *
 * The style features at layer {@code k} are the channel means {@code mean_{h,w} model[0:k](x)} that
 * GP-UNIT's style loss compares (layer 4 in the official training). In a {@link
 * io.gpunit.core.nn.Mode#TRAINING} scope every spectral norm does its power iteration.
 */
public final class Discriminator {

  /**
   * The logits [N], the style features [N, C] by layer index, and the inputs of D's LeakyReLUs in
   * the order D applies them (whose signs linearise D; see {@link #linearPartWithFedSlopes}).
   */
  public record Output(
      SDVariable logit, Map<Integer, SDVariable> styleFeatures, List<SDVariable> preActivations) {

    public Output {
      styleFeatures = Collections.unmodifiableMap(new TreeMap<>(styleFeatures));
      preActivations = List.copyOf(preActivations);
    }

    /** The style features at {@code layer}, which must have been requested. */
    public SDVariable styleFeature(int layer) {
      SDVariable f = styleFeatures.get(layer);
      Preconditions.checkArgument(
          f != null,
          "style features at layer %s were not requested (have %s)",
          layer,
          styleFeatures.keySet());
      return f;
    }
  }

  private static final double SLOPE = 0.2;

  private final DiscriminatorConfig config;

  public Discriminator(DiscriminatorConfig config) {
    this.config = Preconditions.checkNotNull(config, "config");
  }

  public DiscriminatorConfig config() {
    return config;
  }

  /** The number of modules in {@code model}; {@code layers()} as a style layer means "all". */
  public int layers() {
    return config.blocks() + 4;
  }

  /**
   * The logits of images {@code x} [N, 3, R, R] and the style features after each of {@code
   * styleLayers} (each in 1..{@link #layers()}).
   */
  public Output apply(Scope scope, SDVariable x, int... styleLayers) {
    scope.requireNchw("the GP-UNIT discriminator");
    return apply(scope, x, Activation.leakyRelu(SLOPE), true, styleLayers);
  }

  /**
   * D's linear part on {@code x}: D with every LeakyReLU replaced by a product with a slope tensor
   * fed from outside, one placeholder per LeakyReLU (named {@code prefix0}, {@code prefix1}, … in
   * the order of {@link Output#preActivations}), and without its biases. Fed the slopes of another
   * batch a, D linearised there is this map plus a constant: its logits [N] are linear in {@code
   * x}, with D's derivatives at a (see {@code stage2.LinearisedDiscriminator}).
   */
  public SDVariable linearPartWithFedSlopes(Scope scope, SDVariable x, String prefix) {
    SameDiff sd = x.getSameDiff();
    int[] site = {0};
    Activation fed = h -> h.mul(sd.placeHolder(prefix + site[0]++, h.dataType(), -1, -1, -1, -1));
    return apply(scope, x, fed, false).logit();
  }

  /** LeakyReLU's slope at each entry of {@code preActivation}: 1 where positive, else 0.2. */
  public static INDArray slopes(INDArray preActivation) {
    return preActivation.gt(0).castTo(preActivation.dataType()).muli(1 - SLOPE).addi(SLOPE);
  }

  private Output apply(
      Scope scope, SDVariable x, Activation lrelu, boolean biases, int... styleLayers) {
    for (int layer : styleLayers) {
      Preconditions.checkArgument(
          layer >= 1 && layer <= layers(), "style layer %s is not in 1..%s", layer, layers());
    }
    Scope model = scope.child("model");
    Map<Integer, SDVariable> features = new TreeMap<>();
    List<SDVariable> preActivations = new ArrayList<>();
    Activation recorded =
        h -> {
          preActivations.add(h);
          return lrelu.apply(h);
        };
    SDVariable h = x;
    for (int i = 0; i < layers(); i++) {
      h = module(i, model.child(i), h, recorded, biases);
      int layer = i + 1;
      if (Arrays.stream(styleLayers).anyMatch(l -> l == layer)) {
        features.put(layer, h.mean(2, 3));
      }
    }
    SDVariable logit =
        Conv2d.builder(config.outChannels(), 1, 1)
            .bias(biases)
            .spectralNorm(config.spectralNorm())
            .build()
            .apply(scope.child("linear"), h)
            .reshape(-1);
    return new Output(logit, features, preActivations);
  }

  private SDVariable module(int i, Scope scope, SDVariable h, Activation lrelu, boolean biases) {
    int blocks = config.blocks();
    if (i == 0) {
      return Conv2d.builder(3, config.blockChannels(0), 3)
          .padding(1)
          .bias(biases)
          .spectralNorm(config.spectralNorm())
          .build()
          .apply(scope, h);
    }
    if (i <= blocks) {
      return new DiscriminatorBlock(
              config.blockChannels(i - 1), config.blockChannels(i), config.spectralNorm(), biases)
          .apply(scope, h, lrelu);
    }
    if (i == blocks + 2) {
      return Conv2d.builder(config.outChannels(), config.outChannels(), 4)
          .bias(biases)
          .spectralNorm(config.spectralNorm())
          .build()
          .apply(scope, h);
    }
    return lrelu.apply(h);
  }
}

package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.nn.Upsample;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The stage-2 generator G of GP-UNIT (Yang et al. 2022, §3.2; {@code Generator} in the official
 * {@code generator.py}).
 *
 * <p>Starting from the content code {@code c6} (8²), six {@link GeneratorLayer}s separated by
 * nearest ×2 upsampling produce images at 8², 16², …, 256². The 16² and 32² layers fuse the encoder
 * features {@code c4} and {@code c3} through dynamic skip connections whose hidden state starts as
 * {@code c6}:
 *
 * <pre>
 * x₀, rgb₀ = L₀(c6, s)
 * xᵢ, rgbᵢ, hᵢ, mᵢ = Lᵢ(up(xᵢ₋₁), s, f_E,i, hᵢ₋₁)      h₀ = c6;  f_E,1 = c4, f_E,2 = c3
 * ŷ = tanh(rgb₅)
 * </pre>
 *
 * The style code {@code s} comes from the internal {@link StyleEncoder} ({@code style_encoder.}) or
 * is given (a sampler's code, {@code useZ=True}). Parameters are named as in {@code ckpt["g_ema"]}.
 */
public final class Generator {

  private final GeneratorConfig config;
  private final StyleEncoder styleEncoder;
  private final List<GeneratorLayer> layers;

  public Generator(GeneratorConfig config) {
    this.config = Preconditions.checkNotNull(config, "config");
    this.styleEncoder = new StyleEncoder(config.styleEncoder());
    List<GeneratorLayer> list = new ArrayList<>();
    for (int i = 0; i < GeneratorConfig.layers(); i++) {
      list.add(
          new GeneratorLayer(
              config.layerInputChannels(i),
              config.layerChannels(i),
              config.styleDim(),
              i == 0,
              GeneratorConfig.hasSkip(i) ? config.skipHiddenChannels(i) : 0));
    }
    this.layers = List.copyOf(list);
  }

  public GeneratorConfig config() {
    return config;
  }

  /** The style of exemplar images {@code y} [N, 3, H, W], from the internal style encoder. */
  public StyleEncoder.Output encodeStyle(Scope scope, SDVariable y) {
    return styleEncoder.apply(scope.child("style_encoder"), y);
  }

  /** Exemplar-guided translation with the default options: {@code G(E_c(x), E_s(y))}. */
  public GeneratorOutput apply(Scope scope, ContentFeatures content, SDVariable styleImage) {
    return apply(scope, content, encodeStyle(scope, styleImage).code(), GeneratorOptions.DEFAULT);
  }

  /**
   * Translation of {@code content} with the style code {@code style} [N, styleDim]; the image is
   * NCHW, the layers' outputs and masks are in the scope's {@link io.gpunit.core.nn.Layout}.
   */
  public GeneratorOutput apply(
      Scope scope, ContentFeatures content, SDVariable style, GeneratorOptions options) {
    Scope model = scope.child("model");
    List<SDVariable> pyramid = content.pyramid();
    SDVariable state = options.useSkip() ? content.code() : null;
    List<GeneratorLayer.Output> outputs = new ArrayList<>();
    List<SDVariable> masks = new ArrayList<>();
    SDVariable x = content.code();
    for (int i = 0; i <= options.scale(); i++) {
      if (i > 0) {
        x = Upsample.nearest(2).apply(scope, x);
      }
      // Layer i ≥ 1 works at 8·2^i and reads pyramid[i+1] (pyramid[0] and [1] are both 8²).
      SDVariable feature = i > 0 && i + 1 < pyramid.size() ? pyramid.get(i + 1) : null;
      GeneratorLayer layer = layers.get(i);
      GeneratorLayer.Output out =
          layer.apply(model.child(i), x, style, feature, layer.hasSkip() ? state : null);
      outputs.add(out);
      x = out.x();
      if (out.skipped()) {
        state = out.state();
        masks.add(out.mask());
      }
    }
    SDVariable rgb = outputs.get(outputs.size() - 1).rgb();
    return new GeneratorOutput(scope.sd().math().tanh(scope.layout().toNchw(rgb)), masks, outputs);
  }
}

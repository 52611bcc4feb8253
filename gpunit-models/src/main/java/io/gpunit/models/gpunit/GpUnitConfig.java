package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.weights.TensorSource;

/**
 * The widths of a whole GP-UNIT translation model: content encoder, generator and style sampler, as
 * stored in one converted checkpoint under the prefixes {@value #CONTENT_ENCODER}, {@value
 * #GENERATOR} and {@value #SAMPLER}.
 */
public record GpUnitConfig(
    ContentEncoderConfig contentEncoder, GeneratorConfig generator, SamplerConfig sampler) {

  /** Prefix of the content encoder's weights (the released {@code content_encoder.pt}). */
  public static final String CONTENT_ENCODER = "content_encoder";

  /** Prefix of the generator's weights ({@code ckpt["g_ema"]}). */
  public static final String GENERATOR = "g_ema";

  /** Prefix of the sampler's weights ({@code ckpt["sampler"]}). */
  public static final String SAMPLER = "sampler";

  /** The released models' widths. */
  public static final GpUnitConfig DEFAULT =
      new GpUnitConfig(
          ContentEncoderConfig.DEFAULT, GeneratorConfig.DEFAULT, SamplerConfig.DEFAULT);

  public GpUnitConfig {
    Preconditions.checkNotNull(contentEncoder, "contentEncoder");
    Preconditions.checkNotNull(generator, "generator");
    Preconditions.checkNotNull(sampler, "sampler");
    Preconditions.checkArgument(
        contentEncoder.contentChannels() == generator.contentChannels(),
        "the content encoder outputs %s content channels but the generator reads %s",
        contentEncoder.contentChannels(),
        generator.contentChannels());
    // The dynamic skips fuse c4 (8·nef) and c3 (4·nef) into layers of width 8·ngf and 4·ngf.
    Preconditions.checkArgument(
        contentEncoder.nef() == generator.ngf(),
        "the dynamic skips need nef == ngf, got nef %s and ngf %s",
        contentEncoder.nef(),
        generator.ngf());
    Preconditions.checkArgument(
        sampler.styleDim() == generator.styleDim(),
        "the sampler makes %s-d style codes but the generator reads %s-d ones",
        sampler.styleDim(),
        generator.styleDim());
  }

  /** This model with its content encoder working at {@code resolution}² (the weights fit any). */
  public GpUnitConfig withContentResolution(int resolution) {
    return new GpUnitConfig(contentEncoder.withResolution(resolution), generator, sampler);
  }

  /**
   * The widths of the model whose weights (full names, with prefixes) are in {@code tensors}, e.g.
   * a converted checkpoint's {@code model.safetensors}.
   */
  public static GpUnitConfig inferFrom(TensorSource tensors) {
    return inferFrom(TensorShapes.of(tensors));
  }

  /** The widths of the model whose tensors (full names, with prefixes) have these shapes. */
  public static GpUnitConfig inferFrom(TensorShapes shapes) {
    return new GpUnitConfig(
        ContentEncoderConfig.inferFrom(shapes, CONTENT_ENCODER + "."),
        GeneratorConfig.inferFrom(shapes, GENERATOR + "."),
        SamplerConfig.inferFrom(shapes, SAMPLER + "."));
  }
}

package io.gpunit.models.gpunit.stage2;

import com.google.common.base.Preconditions;
import io.gpunit.losses.perceptual.FeatureExtractor;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.stage1.PriorDistillationTrainer;
import io.gpunit.models.training.TrainerBuilder;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Builds a {@link GpUnitTrainer}; config, data, content encoder and checkpoint required. */
public final class GpUnitTrainerBuilder
    extends TrainerBuilder<GpUnitTrainerConfig, GpUnitTrainerBuilder> {
  ContentEncoderFile contentEncoder;
  Map<String, INDArray> generatorWeights;
  Map<String, INDArray> discriminatorWeights;
  FeatureExtractor perceptual;
  int samplerCodes = GpUnitTrainer.SAMPLER_CODES;
  SamplerFitting.Config samplerFitting;

  GpUnitTrainerBuilder() {}

  /**
   * The frozen content encoder: its weights and the resolution R stage 1 trained it at (a finished
   * run's {@link PriorDistillationTrainer#contentEncoder()}, or {@link ContentEncoderFile#read} of
   * its file; the released {@code content_encoder.pt} is at 256). The saved model records R, and
   * {@code Translator} runs E<sub>c</sub> there.
   */
  public GpUnitTrainerBuilder contentEncoder(ContentEncoderFile encoder) {
    this.contentEncoder = Preconditions.checkNotNull(encoder, "contentEncoder");
    return this;
  }

  /**
   * G's starting weights (default: the seeded initialisation), under {@code state_dict} names
   * ({@code model.0.reslayer.conv_0.weight}, {@code style_encoder.mlp.0.weight}, …, as {@code
   * ckpt["g"]} or {@code ckpt["g_ema"]} of an official checkpoint): to fine-tune a released model
   * or continue another run. Every tensor of the whole generator is required, of the shapes the
   * {@link GpUnitTrainerConfig}'s widths and the content encoder's give; the EMA copy starts from
   * them too.
   */
  public GpUnitTrainerBuilder generatorWeights(Map<String, INDArray> weights) {
    this.generatorWeights = Map.copyOf(weights);
    return this;
  }

  /**
   * D's starting parameters and spectral-norm vectors (default: the seeded initialisation), under
   * {@code state_dict} names ({@code model.0.weight_orig}, {@code model.0.weight_u}, …); every
   * tensor required, of the shapes {@link GpUnitTrainerConfig#discriminatorWidth()} and {@link
   * GpUnitTrainerConfig#discriminatorMaxWidth()} give at the data's size.
   */
  public GpUnitTrainerBuilder discriminatorWeights(Map<String, INDArray> weights) {
    this.discriminatorWeights = Map.copyOf(weights);
    return this;
  }

  /** The perceptual feature extractor; default {@code RandomConvFeatures.withWidth(16)}. */
  public GpUnitTrainerBuilder perceptual(FeatureExtractor extractor) {
    this.perceptual = extractor;
    return this;
  }

  /**
   * How {@link GpUnitTrainer#finish()} fits the style sampler: to the EMA style codes of {@code
   * codes} target-domain images, with {@code fitting} (default: {@value
   * GpUnitTrainer#SAMPLER_CODES} codes, the official ICP settings, which run 2,000,000 / N epochs,
   * sized for thousands of codes).
   */
  public GpUnitTrainerBuilder sampler(int codes, SamplerFitting.Config fitting) {
    Preconditions.checkArgument(codes >= 2, "the sampler needs >= 2 style codes, got %s", codes);
    this.samplerCodes = codes;
    this.samplerFitting = Preconditions.checkNotNull(fitting, "fitting");
    return this;
  }

  public GpUnitTrainer build() {
    return new GpUnitTrainer(this);
  }
}

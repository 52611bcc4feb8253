package io.gpunit.models.gpunit.stage1;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Init;
import io.gpunit.core.nn.Scope;
import io.gpunit.models.gpunit.ContentEncoder;
import io.gpunit.models.gpunit.ContentFeatures;
import io.gpunit.models.gpunit.ConvBlock;
import io.gpunit.models.gpunit.FeatureStatistics;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The stage-1 prior-distillation auto-encoder of GP-UNIT (Yang et al. 2022, §3.1; {@code
 * AutoEncoder} in the official {@code content_encoder.py}), whose content encoder becomes the
 * frozen E<sub>c</sub> of stage 2.
 *
 * <pre>
 * c = E_c(x)                       content code (contentE.)
 * s = E_s(x)                       image-level statistics (styleE.)
 * y = embed[l]                     domain-level style of label l (embed.weight, N(0,1) initialised)
 * x̂, m̂ = G(fc(c + ε), s, y)        ε ~ N(0, noise²) in training; fc: 1×1 ConvBlock to 8nf (fc.)
 * logits = C(GRL(c))               domain classifier (C.)
 * </pre>
 *
 * The noise and the random flip of the style image are the trainer's; this class wires the
 * networks.
 */
public final class PriorAutoEncoder {

  private final PriorAutoEncoderConfig config;
  private final ContentEncoder contentEncoder;
  private final PriorStyleEncoder styleEncoder;
  private final PriorDecoder decoder;
  private final DomainClassifier classifier;

  public PriorAutoEncoder(PriorAutoEncoderConfig config) {
    this.config = Preconditions.checkNotNull(config, "config");
    this.contentEncoder = new ContentEncoder(config.contentEncoder());
    this.styleEncoder = new PriorStyleEncoder(config.nf());
    this.decoder = new PriorDecoder(config.nf(), config.domainStyleDim());
    this.classifier =
        new DomainClassifier(
            config.contentEncoder().contentChannels(), config.codeSize(), config.classes());
  }

  public PriorAutoEncoderConfig config() {
    return config;
  }

  /** The content features of {@code x} (parameters under {@code contentE.}). */
  public ContentFeatures encodeContent(Scope scope, SDVariable x) {
    return contentEncoder.apply(scope.child("contentE"), x);
  }

  /** The image-level statistics of {@code x} (parameters under {@code styleE.}). */
  public List<FeatureStatistics> encodeStyle(Scope scope, SDVariable x) {
    return styleEncoder.apply(scope.child("styleE"), x);
  }

  /**
   * The domain-level style codes [N, domainStyleDim] of integer labels {@code labels} [N]: rows of
   * the table {@code embed.weight} ({@code nn.Embedding}), picked as {@code onehot(l) · table}
   * because SameDiff 1.0.0-M2.1 cannot back-propagate through {@code gather}.
   */
  public SDVariable embed(Scope scope, SDVariable labels) {
    SDVariable table =
        scope
            .child("embed")
            .param(
                "weight", new long[] {config.classes(), config.domainStyleDim()}, Init.normal(1));
    return scope.sd().oneHot(labels, config.classes(), -1, 1.0, 0.0, scope.dataType()).mmul(table);
  }

  /**
   * Decodes the (noisy) content code {@code code} [N, C, 8, 8] with image-level statistics {@code
   * styles} and domain style {@code domainStyle}.
   */
  public PriorDecoder.Output decode(
      Scope scope, SDVariable code, List<FeatureStatistics> styles, SDVariable domainStyle) {
    SDVariable x =
        ConvBlock.of(
                config.contentEncoder().contentChannels(),
                8 * config.nf(),
                1,
                0,
                1,
                ConvBlock.Norm.INSTANCE,
                Activation.leakyRelu(ConvBlock.SLOPE))
            .apply(scope.child("fc"), code);
    return decoder.apply(scope.child("G"), x, styles, domainStyle);
  }

  /**
   * Domain logits of content codes, through the gradient reversal layer (parameters under {@code
   * C.}).
   */
  public SDVariable classify(Scope scope, SDVariable code) {
    return classifier.apply(scope.child("C"), code);
  }
}

package io.gpunit.losses.perceptual;

import io.gpunit.core.nn.Scope;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A network whose intermediate activations a perceptual loss compares: VGG19 ({@link
 * Vgg19Features}) or anything else (a small random network in tests, a discriminator).
 */
@FunctionalInterface
public interface FeatureExtractor {

  /**
   * The named feature maps of {@code x}, in depth order. Applying the extractor twice with the same
   * {@code scope} must reuse the same parameters.
   */
  Map<String, SDVariable> features(Scope scope, SDVariable x);
}

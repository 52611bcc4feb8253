package io.gpunit.models.gpunit;

import io.gpunit.losses.perceptual.FeatureExtractor;
import io.gpunit.losses.perceptual.PerceptualLoss;
import io.gpunit.models.training.RandomConvFeatures;

/**
 * The perceptual loss of both GP-UNIT stages: on VGG19 (or any extractor with its layer names) the
 * official layers and weights ({@link PerceptualLoss#gpUnit}); on the stand-in {@link
 * RandomConvFeatures}, which the CPU runs use because VGG19's weights cannot be downloaded here,
 * its three layers weighted equally.
 */
public final class PerceptualTerm {

  private PerceptualTerm() {}

  /** {@code extractor}, or the stand-in of width 16 when none was given. */
  public static FeatureExtractor extractorOrDefault(FeatureExtractor extractor) {
    return extractor != null ? extractor : RandomConvFeatures.withWidth(16);
  }

  public static PerceptualLoss loss(FeatureExtractor extractor) {
    if (!(extractor instanceof RandomConvFeatures)) {
      return PerceptualLoss.gpUnit(extractor).build();
    }
    PerceptualLoss.Builder perceptual = PerceptualLoss.builder(extractor);
    RandomConvFeatures.LAYERS.forEach(layer -> perceptual.layer(layer, 1.0 / 3));
    return perceptual.build();
  }
}

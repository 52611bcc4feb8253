package io.gpunit.models.evaluation;

import io.gpunit.core.image.FloatImage;
import java.util.Random;

/**
 * What a {@link SyntheticJudge} trains on besides clean renders, so that it judges a translation's
 * class rather than its sharpness, and does not name a class for a shapeless blob.
 *
 * <p>Translations are softer and noisier than the prior's renders. A judge trained on clean renders
 * alone keyed on edge sharpness: on the 64 held-out cars of seed 20221 its car accuracy fell from
 * 1.00 to 0.56 under a 3×3 box blur and to 0.23 under a 5×5 one (most of them "bird"), while
 * blurred cats stayed cats. Trained on softened renders only, the next judge swung the other way
 * and called the coloured blobs of an untrained translator "car". So a training render x becomes
 *
 * <pre>
 *   soft  (probability p_soft): x' = clip(box_r(x) + σ·ε, −1, 1), r ~ U{1, 2}, label kept
 *   blob  (probability p_blob): x' = clip(box_r(x) + σ·ε, −1, 1), r ~ U{4, 5, 6}, label "none"
 *   clean (otherwise):          x' = x
 * </pre>
 *
 * with σ ~ U(0, 0.1), ε ~ N(0, 1) per value and box_r the (2r+1)² mean filter ({@link
 * FloatImage#boxBlur}). The mask target stays the render's: the object is where it was.
 */
final class RenderDegradation {

  /** A training image and whether it still shows its class. */
  record Result(FloatImage image, boolean recognisable) {}

  private static final int SOFT_MIN_RADIUS = 1;
  private static final int SOFT_RADII = 2;
  private static final int BLOB_MIN_RADIUS = 4;
  private static final int BLOB_RADII = 3;
  private static final double MAX_NOISE = 0.1;

  private final double soft;
  private final double blob;

  private RenderDegradation(double soft, double blob) {
    this.soft = soft;
    this.blob = blob;
  }

  /** The shares {@code config} trains its judge with (validated by {@link JudgeConfig}). */
  static RenderDegradation of(JudgeConfig config) {
    return new RenderDegradation(config.degradation(), config.blobs());
  }

  /** Clean renders only (the judge's quality is measured on those). */
  static RenderDegradation none() {
    return new RenderDegradation(0, 0);
  }

  /** {@code image} degraded as the class Javadoc says; every draw comes from {@code random}. */
  Result apply(FloatImage image, Random random) {
    if (soft + blob == 0) {
      return new Result(image, true);
    }
    double u = random.nextDouble();
    if (u < soft) {
      return new Result(
          blurAndNoise(image, SOFT_MIN_RADIUS + random.nextInt(SOFT_RADII), random), true);
    }
    if (u < soft + blob) {
      return new Result(
          blurAndNoise(image, BLOB_MIN_RADIUS + random.nextInt(BLOB_RADII), random), false);
    }
    return new Result(image, true);
  }

  private static FloatImage blurAndNoise(FloatImage image, int radius, Random random) {
    double sigma = MAX_NOISE * random.nextDouble();
    float[] values = image.boxBlur(radius).toArray();
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) Math.max(-1, Math.min(1, values[i] + sigma * random.nextGaussian()));
    }
    return FloatImage.of(image.channels(), image.height(), image.width(), values);
  }
}

package io.gpunit.models.evaluation;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maps images to one feature vector each, the space {@link FrechetDistance} and {@link
 * KernelDistance} compare distributions in: the {@link SyntheticJudge}'s pooled features, or a
 * perceptual network's through {@link ExtractorFeatures}.
 */
@FunctionalInterface
public interface ImageFeatures {

  /** Features {@code [N, F]} of {@code images} {@code [N,3,S,S]} in [-1, 1]. */
  INDArray features(INDArray images);
}

package io.gpunit.models.evaluation;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link SyntheticJudge} sees in a batch of images.
 *
 * @param logits class logits {@code [N, C]}, C = number of {@code SyntheticClass} values, in their
 *     declaration order
 * @param masks per-pixel object probabilities {@code [N,1,S,S]}
 * @param features pooled features {@code [N, F]}
 */
public record JudgeOutput(INDArray logits, INDArray masks, INDArray features) {}

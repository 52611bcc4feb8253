package io.gpunit.core.data.synthetic;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stage-1 batch: {@code a[i]} and {@code b[i]} render the same latent in two classes (so their
 * layouts correspond), each with its own style. Images are {@code [N,3,S,S]} in [-1, 1], masks
 * {@code [N,1,S,S]} in {0, 1}.
 */
public record SyntheticPairs(INDArray a, INDArray b, INDArray maskA, INDArray maskB) {}

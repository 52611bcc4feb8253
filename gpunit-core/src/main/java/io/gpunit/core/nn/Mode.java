package io.gpunit.core.nn;

/**
 * Whether a graph is built to be trained or only evaluated.
 *
 * <p>It decides what PyTorch decides with {@code module.train()} / {@code module.eval()}: spectral
 * normalisation runs one power iteration per step in {@link #TRAINING} and uses the stored {@code u, v}
 * as they are in {@link #INFERENCE}; batch normalisation uses batch statistics in training and the
 * running statistics in inference.
 */
public enum Mode {
  TRAINING,
  INFERENCE
}

package io.gpunit.losses;

import org.nd4j.autodiff.samediff.SDVariable;

/** How a tensor of per-element loss terms becomes a scalar: PyTorch's {@code reduction=}. */
public enum Reduction {
  /** The arithmetic mean over every element (PyTorch's default). */
  MEAN,
  /** The sum over every element. */
  SUM;

  /** Reduces every dimension of {@code terms} to a scalar. */
  public SDVariable reduce(SDVariable terms) {
    return this == MEAN ? terms.mean() : terms.sum();
  }
}

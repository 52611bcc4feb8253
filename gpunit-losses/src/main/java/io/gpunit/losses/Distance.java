package io.gpunit.losses;

import org.nd4j.autodiff.samediff.SDVariable;

/** The per-element penalty on a difference {@code d = a − b}. */
public enum Distance {
  /** {@code |d|}: the L1 loss. */
  ABSOLUTE,
  /** {@code d²}: the L2 loss (MSE when averaged). */
  SQUARED;

  /** The element-wise penalty of {@code difference}. */
  public SDVariable of(SDVariable difference) {
    return this == ABSOLUTE
        ? difference.getSameDiff().math().abs(difference)
        : difference.mul(difference);
  }
}

package io.gpunit.core.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/** An element-wise non-linearity; stateless, so one instance can be applied anywhere. */
@FunctionalInterface
public interface Activation {

  SDVariable apply(SDVariable x);

  /** {@code f(x) = x}. */
  static Activation identity() {
    return x -> x;
  }

  /** {@code f(x) = max(x, 0)}. */
  static Activation relu() {
    return x -> x.getSameDiff().nn().relu(x, 0);
  }

  /** {@code f(x) = x if x ≥ 0 else slope·x} ({@code nn.LeakyReLU(slope)}). */
  static Activation leakyRelu(double slope) {
    return x -> x.getSameDiff().nn().leakyRelu(x, slope);
  }

  /** {@code f(x) = tanh(x)}. */
  static Activation tanh() {
    return x -> x.getSameDiff().math().tanh(x);
  }

  /** {@code f(x) = 1 / (1 + e^(−x))}. */
  static Activation sigmoid() {
    return x -> x.getSameDiff().nn().sigmoid(x);
  }
}

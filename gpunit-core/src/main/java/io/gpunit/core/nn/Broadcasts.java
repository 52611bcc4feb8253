package io.gpunit.core.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Broadcast arithmetic whose gradients ND4J 1.0.0-M2.1 computes at the speed of the same-shape
 * case.
 *
 * <p>M2.1's {@code multiply_bp} is 8–30× slower when one operand is broadcast than when both have
 * the same shape: on x [1, 64, 256, 256] times s [1, 64, 1, 1], 121–162 ms against 4.6 ms (and 2–6
 * ms against 0.2–0.4 ms at the demo's [4, C, H, W] sizes), one op at a time on two threads. So the
 * factor is first widened to x's shape by adding zeros ({@code 0 + s} is exactly s), which leaves
 * {@code multiply_bp} only the same-shape case and gives the factor's gradient to {@code add_bp},
 * whose broadcast reduction is fast. That costs two more element-wise ops forward and keeps the
 * widened factor, one more activation-sized array, until the backward pass, so only training graphs
 * pay it; inference graphs keep the plain product. (The one inference graph that is differentiated,
 * E<sub>c</sub> under stage 2's content loss, has no per-channel product.)
 */
public final class Broadcasts {

  private Broadcasts() {}

  /**
   * {@code x · factor}, with {@code factor} broadcast against {@code x} (e.g. [N, C, 1, 1] or [1,
   * C, 1, 1] against [N, C, H, W]) and the result of {@code x}'s shape, in {@code scope}'s graph.
   */
  public static SDVariable multiply(Scope scope, SDVariable x, SDVariable factor) {
    if (!scope.isTraining()) {
      return x.mul(factor);
    }
    return x.mul(scope.sd().zerosLike(x).add(factor));
  }
}

package io.gpunit.models.baselines;

import io.gpunit.core.weights.TensorSource;

/**
 * Layer counts read from weight names. A count is the highest index present plus one, not the
 * length of the unbroken run from 0: a file missing one tensor of block 3 of 4 must load as "block
 * 3 is missing that key", not as a 3-block model whose 4th block is "unexpected".
 */
public final class WeightIndices {

  private WeightIndices() {}

  /**
   * The largest {@code n ≥ 0} such that some tensor is named {@code before + n + after…}, or -1
   * when none is.
   */
  public static int highest(TensorSource weights, String before, String after) {
    int highest = -1;
    for (String name : weights.names()) {
      if (!name.startsWith(before)) {
        continue;
      }
      int end = before.length();
      while (end < name.length() && Character.isDigit(name.charAt(end))) {
        end++;
      }
      if (end > before.length() && end - before.length() < 10 && name.startsWith(after, end)) {
        highest = Math.max(highest, Integer.parseInt(name.substring(before.length(), end)));
      }
    }
    return highest;
  }
}

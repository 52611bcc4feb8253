package io.gpunit.core.memory;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.autodiff.samediff.array.ThreadSafeArrayHolder;

/**
 * One copy of each variable and constant in a SameDiff graph.
 *
 * <p>ND4J 1.0.0-M2.1 keeps a graph's variable and constant arrays in a {@link
 * ThreadSafeArrayHolder} in lazy mode, whose {@code DeviceLocalNDArray} stores the array and, for
 * the devices that have not read it yet, a duplicate ({@code delayedArray}); on a one-device
 * backend no other device ever reads it, so the duplicate lives as long as the graph: every weight
 * twice (376 MB instead of 188 MB for the released GP-UNIT's translation graph). A {@link
 * SingleThreadArrayHolder}, as M2.1 itself uses for gradient functions, is a plain map: one copy,
 * views kept as views. Reading it from several threads is safe as long as no thread adds or
 * replaces arrays (loading weights writes into the arrays, it does not replace them).
 */
public final class SameDiffArrays {

  private SameDiffArrays() {}

  /** Moves {@code sd}'s variables and constants into plain maps, dropping the duplicates. */
  public static void keepOneCopy(SameDiff sd) {
    sd.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), true);
  }
}

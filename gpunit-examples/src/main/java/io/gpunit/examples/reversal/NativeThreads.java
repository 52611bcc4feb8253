package io.gpunit.examples.reversal;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Runs ND4J's native ops on the calling thread only. The example's tensors are tiny, so an OpenMP
 * team costs more than it saves; on 2 cores shared with other work its threads wait for each other
 * and a training step becomes several times slower. Same effect as {@code OMP_NUM_THREADS=1}, which
 * cannot be set from inside a running JVM.
 */
final class NativeThreads {

  private NativeThreads() {}

  /**
   * Sets the process-wide native thread count to 1 (ND4J must be loaded first, hence the array).
   */
  static void useOne() {
    Nd4j.create(1);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
  }
}

package io.gpunit.core.memory;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An op's context and the arguments last set in it: they are set again only when they change, since
 * each setting allocates native memory through JavaCPP, which checks the process's resident memory
 * on every allocation (6% of a demo step's native time).
 */
final class StepContext {
  final OpContext oc = Nd4j.getExecutioner().buildContext();
  private long[] iArgs;
  private DataType[] dArgs;
  private double[] tArgs;
  private boolean[] bArgs;

  /** {@code oc.setArgs(inputs, op's arguments)}, as the session sets them. */
  void set(INDArray[] inputs, DynamicCustomOp op) {
    oc.setInputArrays(inputs);
    long[] i = op.iArgs();
    if (i != null && !Arrays.equals(i, iArgs)) {
      oc.setIArguments(i);
      iArgs = i;
    }
    DataType[] d = op.dArgs();
    if (d != null && !Arrays.equals(d, dArgs)) {
      oc.setDArguments(d);
      dArgs = d;
    }
    double[] t = op.tArgs();
    if (t != null && !Arrays.equals(t, tArgs)) {
      oc.setTArguments(t);
      tArgs = t;
    }
    boolean[] b = op.bArgs();
    if (b != null && !Arrays.equals(b, bArgs)) {
      oc.setBArguments(b);
      bArgs = b;
    }
  }
}

package io.gpunit.losses;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/** Small graph helpers shared by the losses. */
public final class Graphs {

  private Graphs() {}

  /** {@code x} with no gradient flowing back through it: PyTorch's {@code x.detach()}. */
  public static SDVariable detach(SDVariable x) {
    return new StopGradient(x.getSameDiff(), x).outputVariable();
  }

  /**
   * Fails with a clear message when both shapes are known at build time and differ (unknown
   * dimensions, -1, match anything).
   */
  public static void checkSameShape(String where, SDVariable a, SDVariable b) {
    long[] sa = a.getShape();
    long[] sb = b.getShape();
    if (sa == null || sb == null) {
      return;
    }
    boolean same = sa.length == sb.length;
    for (int i = 0; same && i < sa.length; i++) {
      same = sa[i] == sb[i] || sa[i] < 0 || sb[i] < 0;
    }
    Preconditions.checkArgument(
        same,
        "%s: '%s' has shape %s but '%s' has shape %s; they must match",
        where,
        a.name(),
        Arrays.toString(sa),
        b.name(),
        Arrays.toString(sb));
  }

  /** Fails clearly when the rank of {@code x} is known and is not {@code rank}. */
  public static void checkRank(String where, SDVariable x, int rank, String layout) {
    long[] s = x.getShape();
    Preconditions.checkArgument(
        s == null || s.length == rank,
        "%s: '%s' must be %s (rank %s), got shape %s",
        where,
        x.name(),
        layout,
        rank,
        Arrays.toString(s));
  }
}

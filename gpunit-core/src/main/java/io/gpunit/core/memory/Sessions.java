package io.gpunit.core.memory;

import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keeps a graph's per-thread session ({@code InferenceSession}, ND4J 1.0.0-M2.1) from growing with
 * every call.
 *
 * <p>A session records the id of every array it releases ({@code freedArrays}) and never forgets
 * one. The record only guards against releasing an array twice within one call, so it can be
 * cleared after each call; kept, it grew UNIT's Java heap by ~1.3 MB a step once its gradients
 * released their arrays ({@link Backprop}; 130 MB per 100 steps in {@code SoakBenchmark}).
 */
public final class Sessions {

  private static final Field FREED_ARRAYS = freedArraysField();

  private Sessions() {}

  /**
   * {@code sd.output(placeholders, outputs)}, replayed without the session after the first call
   * ({@link Replay}); a call through the session is followed by {@link #forgetReleasedArrays}.
   */
  public static Map<String, INDArray> output(
      SameDiff sd, Map<String, INDArray> placeholders, String... outputs) {
    return output(sd, placeholders, List.of(), outputs);
  }

  /** As {@link #output(SameDiff, Map, String...)}, with placeholders computed within the call. */
  public static Map<String, INDArray> output(
      SameDiff sd,
      Map<String, INDArray> placeholders,
      List<DeferredInput> deferred,
      String... outputs) {
    return Replay.output(sd, placeholders, deferred, outputs, () -> forgetReleasedArrays(sd));
  }

  /** Clears the record of released arrays of the calling thread's session of {@code sd}. */
  private static void forgetReleasedArrays(SameDiff sd) {
    releasedArrays(sd).clear();
  }

  /** The calling thread's session's record of released array ids (empty without a session). */
  static Set<?> releasedArrays(SameDiff sd) {
    InferenceSession session = sd.getSessions().get(Thread.currentThread().getId());
    if (session == null) {
      return new HashSet<>();
    }
    try {
      return (Set<?>) FREED_ARRAYS.get(session);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read InferenceSession.freedArrays", e);
    }
  }

  private static Field freedArraysField() {
    try {
      Field field = InferenceSession.class.getDeclaredField("freedArrays");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("ND4J's InferenceSession has no freedArrays: not M2.1?", e);
    }
  }
}

package io.gpunit.core.memory;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * {@code sd.output} through an {@link OpSchedule}: the first call of a graph for a set of outputs
 * and placeholders (per thread, as SameDiff keeps one session per thread) runs through SameDiff's
 * session and records the order it ran the ops in; later calls replay that order without the
 * session. Graphs the schedule cannot run, graphs with listeners of their own, and runs with
 * SameDiff's array cache on always go through the session.
 *
 * <p>The system property {@value #PROPERTY}{@code =false} turns replay off (for comparisons).
 */
public final class Replay {

  /** {@code -Dgpunit.replay=false} runs every call through SameDiff's session. */
  public static final String PROPERTY = "gpunit.replay";

  /**
   * Per graph (weakly, by identity): each thread's schedules, by outputs and placeholder names. A
   * schedule refers to nothing of its graph, so an entry goes when its graph is collected.
   */
  private static final LoadingCache<SameDiff, Map<Key, Optional<OpSchedule>>> SCHEDULES =
      CacheBuilder.newBuilder().weakKeys().build(CacheLoader.from(() -> new ConcurrentHashMap<>()));

  private record Key(long thread, List<String> outputs, Set<String> placeholders) {}

  private Replay() {}

  /**
   * The values of {@code outputs}, as {@code sd.output(placeholders, outputs)} gives them; {@code
   * afterSessionCall} runs after each call that goes through SameDiff's session.
   */
  public static Map<String, INDArray> output(
      SameDiff sd,
      Map<String, INDArray> placeholders,
      String[] outputs,
      Runnable afterSessionCall) {
    Function<List<Listener>, Map<String, INDArray>> session =
        listeners -> {
          try {
            return sd.output(placeholders, listeners, outputs);
          } finally {
            afterSessionCall.run();
          }
        };
    if (!enabled() || SameDiffArrayCache.enabled() || hasListeners(sd)) {
      return session.apply(List.of());
    }
    Map<Key, Optional<OpSchedule>> schedules = SCHEDULES.getUnchecked(sd);
    Key key =
        new Key(
            Thread.currentThread().getId(),
            List.of(outputs),
            placeholders == null ? Set.of() : Set.copyOf(placeholders.keySet()));
    Optional<OpSchedule> schedule = schedules.get(key);
    if (schedule != null && schedule.isEmpty()) {
      return session.apply(List.of());
    }
    if (schedule != null && schedule.get().isCurrent(sd)) {
      return schedule.get().run(sd, placeholders);
    }
    Recorder recorder = new Recorder();
    Map<String, INDArray> out = session.apply(List.of(recorder));
    schedules.put(key, OpSchedule.of(sd, recorder.executed, outputs));
    return out;
  }

  /** Whether some call of {@code sd} on this thread is replayed (for tests). */
  static boolean replays(SameDiff sd) {
    long thread = Thread.currentThread().getId();
    return SCHEDULES.getUnchecked(sd).entrySet().stream()
        .anyMatch(e -> e.getKey().thread() == thread && e.getValue().isPresent());
  }

  static boolean enabled() {
    return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
  }

  private static boolean hasListeners(SameDiff sd) {
    return sd.getListeners() != null && !sd.getListeners().isEmpty();
  }

  /** The names of the ops the session executed, in order. */
  private static final class Recorder extends BaseListener {
    final List<String> executed = new ArrayList<>();

    @Override
    public boolean isActive(Operation operation) {
      return true;
    }

    @Override
    public void opExecution(
        SameDiff sd,
        At at,
        MultiDataSet batch,
        SameDiffOp op,
        OpContext opContext,
        INDArray[] outputs) {
      executed.add(op.getName());
    }
  }
}

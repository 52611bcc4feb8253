package io.gpunit.core.memory;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
    return output(sd, placeholders, List.of(), outputs, afterSessionCall);
  }

  /**
   * As {@link #output(SameDiff, Map, String[], Runnable)}, with {@code deferred} placeholders
   * computed within the call ({@link DeferredInput}). Their sources are kept to the end of the call
   * and may depend on no deferred placeholder.
   */
  public static Map<String, INDArray> output(
      SameDiff sd,
      Map<String, INDArray> placeholders,
      List<DeferredInput> deferred,
      String[] outputs,
      Runnable afterSessionCall) {
    String[] requested = withSources(outputs, deferred);
    Function<List<Listener>, Map<String, INDArray>> session =
        listeners -> {
          Map<String, INDArray> feed = resolved(sd, placeholders, deferred, afterSessionCall);
          try {
            return sd.output(feed, listeners, requested);
          } finally {
            afterSessionCall.run();
          }
        };
    if (!enabled() || SameDiffArrayCache.enabled() || hasListeners(sd)) {
      return only(outputs, session.apply(List.of()));
    }
    Map<Key, Optional<OpSchedule>> schedules = SCHEDULES.getUnchecked(sd);
    Set<String> names = new HashSet<>(placeholders == null ? Set.of() : placeholders.keySet());
    deferred.forEach(d -> names.add(d.placeholder()));
    Key key = new Key(Thread.currentThread().getId(), List.of(requested), Set.copyOf(names));
    Optional<OpSchedule> schedule = schedules.get(key);
    if (schedule != null && schedule.isEmpty()) {
      return only(outputs, session.apply(List.of()));
    }
    if (schedule != null && schedule.get().isCurrent(sd)) {
      return only(outputs, schedule.get().run(sd, placeholders, deferred));
    }
    Recorder recorder = new Recorder();
    Map<String, INDArray> out = session.apply(List.of(recorder));
    schedules.put(key, OpSchedule.of(sd, recorder.executed, requested));
    return only(outputs, out);
  }

  /** {@code outputs} and, after them, the sources of the deferred inputs not among them. */
  private static String[] withSources(String[] outputs, List<DeferredInput> deferred) {
    if (deferred.isEmpty()) {
      return outputs;
    }
    Set<String> all = new LinkedHashSet<>(Arrays.asList(outputs));
    deferred.forEach(d -> all.addAll(d.from()));
    return all.toArray(String[]::new);
  }

  /** The entries of {@code values} that were asked for (without the deferred inputs' sources). */
  private static Map<String, INDArray> only(String[] outputs, Map<String, INDArray> values) {
    if (values.size() == outputs.length) {
      return values;
    }
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (String name : outputs) {
      out.put(name, values.get(name));
    }
    return out;
  }

  /**
   * The feed of a call through the session: {@code placeholders} and each deferred input, computed
   * from its sources in a call of their own.
   */
  private static Map<String, INDArray> resolved(
      SameDiff sd,
      Map<String, INDArray> placeholders,
      List<DeferredInput> deferred,
      Runnable afterSessionCall) {
    if (deferred.isEmpty()) {
      return placeholders;
    }
    Map<String, INDArray> feed =
        placeholders == null ? new HashMap<>() : new HashMap<>(placeholders);
    for (DeferredInput d : deferred) {
      Map<String, INDArray> sources =
          output(sd, placeholders, d.from().toArray(String[]::new), afterSessionCall);
      feed.put(d.placeholder(), d.value().apply(sources));
    }
    return feed;
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

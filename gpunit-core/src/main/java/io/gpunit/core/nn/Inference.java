package io.gpunit.core.nn;

import io.gpunit.core.memory.Replay;
import io.gpunit.core.memory.SameDiffArrayCache;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward passes for graphs that are evaluated many times (a translator serving requests,
 * evaluation during training).
 *
 * <p>In ND4J M2.1 each thread's {@code InferenceSession} keeps an array cache whose LRU index
 * ({@code ArrayCacheMemoryMgr.lruCache}) grows with every {@code sd.output} call — about 80 KB of
 * heap per GP-UNIT translation, plus native memory. Dropping the calling thread's session after the
 * call keeps memory flat ({@code TranslatorMemoryCheck} in the benchmarks shows it) at the cost of
 * a fresh session per call.
 */
public final class Inference {

  private Inference() {}

  /**
   * {@code sd.output(placeholders, outputs)}, replayed without a session after the first call
   * ({@link Replay}); a call through the session releases the calling thread's session after. The
   * session runs without M2.1's array cache (unless the JVM was started with it on, see {@link
   * SameDiffArrayCache}; {@code Scope.root} turns it off before a graph's first session): the cache
   * keeps every released activation for reuse.
   */
  public static Map<String, INDArray> output(
      SameDiff sd, Map<String, INDArray> placeholders, String... outputs) {
    SameDiffArrayCache.offUnlessConfigured();
    return Replay.output(
        sd, placeholders, outputs, () -> sd.getSessions().remove(Thread.currentThread().getId()));
  }
}

package io.gpunit.models.training.loop;

import com.google.common.base.Preconditions;
import java.util.Map;
import java.util.function.LongSupplier;
import org.bytedeco.javacpp.Pointer;

/**
 * Keeps a training run's resident memory near a limit. A step hands arrays back to Java (outputs,
 * gradients, optimizer temporaries) that ND4J frees only when Java collects the objects that own
 * them; the Java heap those objects occupy is small, so the collector seldom runs and dead native
 * arrays pile up between collections. After a step that ends above the limit, this listener asks
 * for a collection.
 *
 * <p>Collecting after every step instead costs time; with glibc's default malloc arenas the steps
 * after a collection also ran several times slower, which {@code MALLOC_ARENA_MAX=2} (set by the
 * {@code gpunit} launcher) avoids.
 */
public final class NativeMemoryGuard implements TrainingListener {

  /**
   * The limit of the command line's runs and of evaluation: 1 GiB. A 64² GP-UNIT stage-2 run holds
   * ~370 MB between steps and a step needs ~400 MB more ({@code StepMemoryProfile}). Over 150 steps
   * ({@code SoakBenchmark --child gpunit --limit-mib L}, two runs side by side) its highest
   * resident memory was 1,153 MiB with this limit and 2,060 MiB with 2 GiB, at 1.48 and 1.49 s a
   * step; with no guard it reached 3,381 MiB in 250 steps.
   */
  public static final long TRAINING_LIMIT_BYTES = 1L << 30;

  private static final long MIN_LIMIT = 4L << 30;

  private final long limitBytes;
  private final LongSupplier residentBytes;
  private long collections;

  NativeMemoryGuard(long limitBytes, LongSupplier residentBytes) {
    Preconditions.checkArgument(limitBytes > 0, "limit must be positive, got %s", limitBytes);
    this.limitBytes = limitBytes;
    this.residentBytes = residentBytes;
  }

  /** A guard that collects when the process's resident memory exceeds {@code limitBytes}. */
  public static NativeMemoryGuard withLimit(long limitBytes) {
    return new NativeMemoryGuard(limitBytes, Pointer::physicalBytes);
  }

  /** A guard at {@link #TRAINING_LIMIT_BYTES}. */
  public static NativeMemoryGuard forTraining() {
    return withLimit(TRAINING_LIMIT_BYTES);
  }

  /**
   * A guard at {@code fraction} of this machine's physical memory (at least 4 GiB, or all of it on
   * a smaller machine).
   */
  public static NativeMemoryGuard ofPhysicalMemory(double fraction) {
    Preconditions.checkArgument(
        fraction > 0 && fraction <= 1, "fraction must be in (0, 1], got %s", fraction);
    long total = Pointer.totalPhysicalBytes();
    long limit = Math.min(total, Math.max(MIN_LIMIT, (long) (fraction * total)));
    return withLimit(limit);
  }

  public long limitBytes() {
    return limitBytes;
  }

  /** How many collections this guard has asked for. */
  public long collections() {
    return collections;
  }

  @Override
  public void onStep(long step, Map<String, Double> losses) {
    check();
  }

  /** Asks for a collection if resident memory is above the limit; for loops outside training. */
  public void check() {
    if (residentBytes.getAsLong() > limitBytes) {
      collections++;
      System.gc();
    }
  }
}

package io.gpunit.models.training;

import com.google.common.base.Preconditions;
import java.util.Map;
import java.util.function.LongSupplier;
import org.bytedeco.javacpp.Pointer;

/**
 * Keeps a training run's resident memory near a limit. A step leaves its activations and gradients
 * as dead native arrays that ND4J frees only when Java collects the objects that own them; the Java
 * heap those objects occupy is small, so the collector seldom runs and the process grows by about a
 * gigabyte a GP-UNIT step at 64² (the first demo run was killed at 24 GB). After a step that ends
 * above the limit, this listener asks for a collection.
 *
 * <p>Collecting after every step instead costs time; with glibc's default malloc arenas the steps
 * after a collection also ran several times slower, which {@code MALLOC_ARENA_MAX=2} (set by the
 * {@code gpunit} launcher) avoids.
 */
public final class NativeMemoryGuard implements TrainingListener {

  /**
   * The limit of the command line's runs and of evaluation: 2 GiB, which makes a 64² GP-UNIT run
   * collect after nearly every step (a stage-2 step needs ~1.2 GB above the ~1.5 GB a run holds
   * between steps, a stage-1 step ~1.4 GB; {@code StepMemoryProfile}). The demo peaked at 4.8 GB
   * with it and at 7.5 GB with the earlier limit, a quarter of the machine's memory (6 GiB here).
   */
  public static final long TRAINING_LIMIT_BYTES = 2L << 30;

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

package io.gpunit.core.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;

/**
 * Resident memory of this process, which includes ND4J's off-heap arrays.
 *
 * <p>{@link #settledBytes()} is the figure to compare across a loop when looking for a leak: ND4J
 * frees a dead array only when Java collects its owner, and glibc keeps freed pages in its arenas
 * until asked to return them, so {@link #bytes()} alone mixes live, dead and free-but-kept memory.
 */
public final class ResidentMemory {

  /** javacpp's {@code malloc_trim(0)} wrapper; private in javacpp 1.5.7, so reached reflectively. */
  private static final Method TRIM = trimMethod();

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
  private static final int MAX_ROUNDS = 5;
  private static final long DEALLOCATION_WAIT_MS = 100;

  private ResidentMemory() {}

  /** Resident bytes now ({@code Pointer.physicalBytes()}). */
  public static long bytes() {
    return Pointer.physicalBytes();
  }

  /**
   * Resident bytes after garbage collections that free every unreachable native array and, where
   * the C library offers it, returning free heap pages to the OS.
   */
  public static long settledBytes() {
    long previous = Long.MAX_VALUE;
    long now = bytes();
    // ND4J's deallocator threads free a collected array's memory asynchronously, after the
    // collection returns: collect and wait until a round frees less than 1 MiB.
    for (int round = 0; round < MAX_ROUNDS && previous - now > 1L << 20; round++) {
      System.gc();
      sleep(DEALLOCATION_WAIT_MS);
      trim();
      previous = now;
      now = bytes();
    }
    return now;
  }

  /**
   * {@link #settledBytes()} less the Java heap's committed size: the part of resident memory that
   * can grow without the heap growing. A JVM that expands its heap during a loop raises its resident
   * memory with no native leak at all; this figure does not count that (it can undercount where
   * committed heap pages were never touched, so it suits checks for leaks far above that).
   */
  public static long settledOffHeapBytes() {
    long resident = settledBytes();
    return resident - Runtime.getRuntime().totalMemory();
  }

  /**
   * Resets the kernel's record of this process's highest resident memory ({@code
   * /proc/self/clear_refs}), so that {@link #peakBytes()} reads the peak from now on. Linux only.
   */
  public static void resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reset the resident peak through " + CLEAR_REFS, e);
    }
  }

  /** The highest resident memory since {@link #resetPeak()} or the start ({@code VmHWM}). */
  public static long peakBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + STATUS, e);
    }
    throw new IllegalStateException("no VmHWM in " + STATUS);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void trim() {
    if (TRIM == null) {
      return;
    }
    try {
      TRIM.invoke(null);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("javacpp's trimMemory failed", e);
    }
  }

  private static Method trimMethod() {
    try {
      Method method = Pointer.class.getDeclaredMethod("trimMemory");
      method.setAccessible(true);
      return method;
    } catch (NoSuchMethodException | RuntimeException e) {
      // Another javacpp version or a locked-down module: settle without trimming.
      return null;
    }
  }
}

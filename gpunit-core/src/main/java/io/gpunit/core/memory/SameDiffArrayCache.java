package io.gpunit.core.memory;

/**
 * SameDiff's per-session array cache (ND4J 1.0.0-M2.1's {@code ArrayCacheMemoryMgr}), switched off
 * for training.
 *
 * <p>Each graph's session keeps the arrays it releases for reuse, up to a quarter of javacpp's
 * {@code maxbytes} per session, and a trainer runs several graphs (and their gradient functions), so
 * the cache grows by gigabytes before it is full: UNIT gained ~15 MB a step with it and 17.7 MB per
 * 100 steps without it ({@code benchmarks/README.md}, {@code SoakBenchmark}). The cache is read from
 * the system property {@value #PROPERTY} when a session is created, so turning it off affects the
 * sessions this JVM creates afterwards.
 */
public final class SameDiffArrayCache {

  /** The system property ND4J reads ({@code "false"} turns the cache off). */
  public static final String PROPERTY = "org.nd4j.autodiff.samediff";

  private SameDiffArrayCache() {}

  /**
   * Turns the cache off for sessions created from now on, unless the JVM was started with the
   * property set ({@code -Dorg.nd4j.autodiff.samediff=true} keeps it on).
   */
  public static void offUnlessConfigured() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "false");
    }
  }

  /** Whether sessions created now cache released arrays. */
  public static boolean enabled() {
    return Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
  }
}

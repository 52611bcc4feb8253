package io.gpunit.core.random;

import com.google.common.base.Preconditions;

/**
 * Steele, Lea and Flood's SplitMix64 generator: a 64-bit state advanced by the golden-ratio gamma
 * and hashed by a 64-bit finaliser.
 *
 * <pre>
 *   state ← state + 0x9E3779B97F4A7C15
 *   z ← state;  z ← (z ⊕ z≫30)·0xBF58476D1CE4E5B9;  z ← (z ⊕ z≫27)·0x94D049BB133111EB;  out ← z ⊕ z≫31
 * </pre>
 *
 * <p>Training uses it instead of {@link java.util.Random} because its whole state is one {@code
 * long} that a checkpoint can store and restore, and because {@link #derive} gives an independent
 * stream for any (seed, step, purpose) so that a resumed run draws exactly what an uninterrupted
 * run would have drawn. Gaussian draws use Box–Muller with {@link StrictMath}, without a cached
 * second value, so they too depend only on the state.
 */
public final class SplitMix64 {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  public SplitMix64(long state) {
    this.state = state;
  }

  /**
   * A generator for one use of randomness identified by {@code keys} (e.g. seed, step, purpose):
   * the keys are folded through the SplitMix64 finaliser, so nearby keys give unrelated streams.
   */
  public static SplitMix64 derive(long seed, long... keys) {
    long h = mix64(seed + GOLDEN_GAMMA);
    for (long key : keys) {
      h = mix64(h ^ mix64(key + GOLDEN_GAMMA));
    }
    return new SplitMix64(h);
  }

  /** A stable 64-bit key for a purpose name (FNV-1a), for use with {@link #derive}. */
  public static long key(String purpose) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < purpose.length(); i++) {
      h ^= purpose.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** The whole state; {@code new SplitMix64(g.state())} continues exactly where {@code g} is. */
  public long state() {
    return state;
  }

  /** Sets the whole state, e.g. from a checkpoint. */
  public void setState(long state) {
    this.state = state;
  }

  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  /** Uniform on [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform on {@code [0, bound)}, unbiased (Lemire's multiply-and-reject). */
  public int nextInt(int bound) {
    Preconditions.checkArgument(bound > 0, "bound must be positive, got %s", bound);
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x1_0000_0000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** True with probability {@code p}. */
  public boolean nextBoolean(double p) {
    return nextDouble() < p;
  }

  /** Standard normal by Box–Muller: {@code √(−2 ln u₁)·cos(2π u₂)} with {@code u₁ ∈ (0, 1]}. */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble();
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

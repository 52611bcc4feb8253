package io.gpunit.core.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SplitMix64Test {

  @Test
  void matchesTheReferenceSequenceForSeed1234567() {
    // Published reference outputs of Vigna's splitmix64.c (Rosetta Code "Splitmix64"), unsigned.
    SplitMix64 rng = new SplitMix64(1234567L);
    assertThat(Long.toUnsignedString(rng.nextLong())).isEqualTo("6457827717110365317");
    assertThat(Long.toUnsignedString(rng.nextLong())).isEqualTo("3203168211198807973");
    assertThat(Long.toUnsignedString(rng.nextLong())).isEqualTo("9817491932198370423");
    assertThat(Long.toUnsignedString(rng.nextLong())).isEqualTo("4593380528125082431");
    assertThat(Long.toUnsignedString(rng.nextLong())).isEqualTo("16408922859458223821");
  }

  @Test
  void aGeneratorRebuiltFromItsStateContinuesTheSameSequence() {
    SplitMix64 a = new SplitMix64(42);
    a.nextGaussian();
    a.nextInt(7);
    SplitMix64 b = new SplitMix64(a.state());
    for (int i = 0; i < 100; i++) {
      assertThat(b.nextLong()).isEqualTo(a.nextLong());
    }
    SplitMix64 c = new SplitMix64(0);
    c.setState(a.state());
    assertThat(c.nextGaussian()).isEqualTo(a.nextGaussian());
  }

  @Test
  void derivedStreamsDependOnEveryKeyAndOnlyOnTheKeys() {
    long a = SplitMix64.derive(7, 10, SplitMix64.key("noise")).nextLong();
    assertThat(SplitMix64.derive(7, 10, SplitMix64.key("noise")).nextLong()).isEqualTo(a);
    assertThat(SplitMix64.derive(8, 10, SplitMix64.key("noise")).nextLong()).isNotEqualTo(a);
    assertThat(SplitMix64.derive(7, 11, SplitMix64.key("noise")).nextLong()).isNotEqualTo(a);
    assertThat(SplitMix64.derive(7, 10, SplitMix64.key("data")).nextLong()).isNotEqualTo(a);
  }

  @Test
  void fnv1aKeyMatchesTheReferenceHashes() {
    // FNV-1a 64 reference values for "" and "a" and "foobar".
    assertThat(SplitMix64.key("")).isEqualTo(0xcbf29ce484222325L);
    assertThat(SplitMix64.key("a")).isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(SplitMix64.key("foobar")).isEqualTo(0x85944171f73967e8L);
  }

  @Test
  void uniformIntsStayInRangeAndHitEveryValue() {
    SplitMix64 rng = new SplitMix64(3);
    int[] counts = new int[5];
    for (int i = 0; i < 10_000; i++) {
      counts[rng.nextInt(5)]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(1800, 2200);
    }
    assertThatThrownBy(() -> rng.nextInt(0)).hasMessageContaining("bound must be positive");
  }

  @Test
  void gaussiansHaveZeroMeanAndUnitVariance() {
    SplitMix64 rng = new SplitMix64(11);
    int n = 100_000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      double x = rng.nextGaussian();
      sum += x;
      sumSq += x * x;
    }
    double mean = sum / n;
    assertThat(mean).isCloseTo(0.0, org.assertj.core.data.Offset.offset(0.02));
    assertThat(sumSq / n - mean * mean).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.02));
  }

  @Test
  void uniformDoublesLieInTheHalfOpenUnitInterval() {
    SplitMix64 rng = new SplitMix64(5);
    for (int i = 0; i < 10_000; i++) {
      assertThat(rng.nextDouble()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
    }
  }
}

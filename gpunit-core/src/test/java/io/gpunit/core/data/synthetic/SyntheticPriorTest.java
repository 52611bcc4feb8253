package io.gpunit.core.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SyntheticPriorTest {

  private static final int SIZE = 32;
  private static final int SAMPLES = 50;
  private final SyntheticPrior prior = SyntheticPrior.builder().size(SIZE).build();

  private static double iou(float[] a, float[] b) {
    double inter = 0;
    double union = 0;
    for (int i = 0; i < a.length; i++) {
      boolean x = a[i] > 0.5f;
      boolean y = b[i] > 0.5f;
      inter += x && y ? 1 : 0;
      union += x || y ? 1 : 0;
    }
    return union == 0 ? 0 : inter / union;
  }

  private List<Latent> latents(long seed) {
    Random random = new Random(seed);
    List<Latent> zs = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      zs.add(prior.sampleLatent(random));
    }
    return zs;
  }

  @Test
  void sameSeedsGiveIdenticalPixels() {
    SyntheticPrior other = SyntheticPrior.builder().size(SIZE).build();
    Latent z1 = prior.sampleLatent(new Random(7));
    Latent z2 = other.sampleLatent(new Random(7));
    assertThat(z1).isEqualTo(z2);
    for (SyntheticClass k : SyntheticClass.values()) {
      Sample a = prior.render(z1, k, 99);
      Sample b = other.render(z2, k, 99);
      assertThat(a.image().toArray()).containsExactly(b.image().toArray());
      assertThat(a.mask().toArray()).containsExactly(b.mask().toArray());
    }
  }

  @Test
  void imagesAreInRangeAndMasksAreBinaryWithAVisibleObject() {
    for (Latent z : latents(1).subList(0, 10)) {
      for (SyntheticClass k : SyntheticClass.values()) {
        Sample s = prior.render(z, k, 3);
        assertThat(s.imageTensor().shape()).containsExactly(3, SIZE, SIZE);
        assertThat(s.maskTensor().shape()).containsExactly(1, SIZE, SIZE);
        for (float v : s.image().toArray()) {
          assertThat(v).isBetween(-1f, 1f);
        }
        for (float v : s.mask().toArray()) {
          assertThat(v).isIn(0f, 1f);
        }
        assertThat(s.coverage()).as("%s coverage", k).isBetween(0.03, 0.8);
      }
    }
  }

  /**
   * The GP-UNIT property: one latent in two classes overlaps far more than two latents do. Measured
   * over 50 latents at 32x32 (seed 1): animal pairs overlap by 0.50-0.74 IoU, pairs with the car by
   * 0.40-0.48, against 0.20-0.26 for different latents; the bounds leave margin below that.
   */
  @Test
  void sameLatentInTwoClassesGivesCorrespondingLayouts() {
    List<Latent> zs = latents(1);
    SyntheticClass[] ks = SyntheticClass.values();
    double sameTotal = 0;
    double diffTotal = 0;
    int pairs = 0;
    for (int a = 0; a < ks.length; a++) {
      for (int b = a + 1; b < ks.length; b++) {
        double same = 0;
        double diff = 0;
        for (int i = 0; i < SAMPLES; i++) {
          float[] ma = prior.render(zs.get(i), ks[a], i).mask().toArray();
          float[] mb = prior.render(zs.get(i), ks[b], i + 1000).mask().toArray();
          float[] other = prior.render(zs.get((i + 1) % SAMPLES), ks[b], i + 1000).mask().toArray();
          same += iou(ma, mb) / SAMPLES;
          diff += iou(ma, other) / SAMPLES;
        }
        assertThat(same)
            .as("%s-%s same-latent IoU vs %s", ks[a], ks[b], diff)
            .isGreaterThan(1.5 * diff);
        sameTotal += same;
        diffTotal += diff;
        pairs++;
      }
    }
    assertThat(sameTotal / pairs).isGreaterThan(0.45).isGreaterThan(2 * diffTotal / pairs);
  }

  @Test
  void classesHaveDifferentSilhouettesForTheSameLatent() {
    List<Latent> zs = latents(2).subList(0, 20);
    SyntheticClass[] ks = SyntheticClass.values();
    for (int a = 0; a < ks.length; a++) {
      for (int b = a + 1; b < ks.length; b++) {
        double overlap = 0;
        for (int i = 0; i < zs.size(); i++) {
          overlap +=
              iou(
                      prior.render(zs.get(i), ks[a], i).mask().toArray(),
                      prior.render(zs.get(i), ks[b], i).mask().toArray())
                  / zs.size();
        }
        // Same latent, yet the silhouettes differ clearly: shape is a class property.
        assertThat(overlap).as("%s-%s", ks[a], ks[b]).isLessThan(0.85);
      }
    }
  }

  @Test
  void styleSeedChangesLooksButNotLayout() {
    Latent z = prior.sampleLatent(new Random(5));
    for (SyntheticClass k : SyntheticClass.values()) {
      Sample a = prior.render(z, k, 1);
      Sample b = prior.render(z, k, 2);
      assertThat(a.mask().toArray()).as("%s mask", k).containsExactly(b.mask().toArray());
      assertThat(a.image().toArray()).as("%s pixels", k).isNotEqualTo(b.image().toArray());
    }
    Sample moved = prior.render(prior.sampleLatent(new Random(6)), SyntheticClass.CAT, 1);
    assertThat(moved.mask().toArray())
        .isNotEqualTo(prior.render(z, SyntheticClass.CAT, 1).mask().toArray());
  }

  @Test
  void rendersAtAnySize() {
    Latent z = prior.sampleLatent(new Random(3));
    Sample small = SyntheticPrior.builder().size(16).build().render(z, SyntheticClass.DOG, 1);
    Sample large = SyntheticPrior.builder().size(96).build().render(z, SyntheticClass.DOG, 1);
    assertThat(small.image().height()).isEqualTo(16);
    assertThat(large.image().width()).isEqualTo(96);
    // Same object, so about the same fraction of the frame.
    assertThat(small.coverage())
        .isCloseTo(large.coverage(), within(0.05));
  }

  @Test
  void pairsShareLatentsAndStackIntoBatches() {
    SyntheticPairs p = prior.pairs(4, SyntheticClass.CAT, SyntheticClass.DOG, new Random(9));
    assertThat(p.a().shape()).containsExactly(4, 3, SIZE, SIZE);
    assertThat(p.b().shape()).containsExactly(4, 3, SIZE, SIZE);
    assertThat(p.maskA().shape()).containsExactly(4, 1, SIZE, SIZE);
    double same = 0;
    double shifted = 0;
    for (int i = 0; i < 4; i++) {
      float[] ma = p.maskA().slice(i).dup().data().asFloat();
      same += iou(ma, p.maskB().slice(i).dup().data().asFloat());
      shifted += iou(ma, p.maskB().slice((i + 1) % 4).dup().data().asFloat());
    }
    assertThat(same).isGreaterThan(shifted);
  }

  @Test
  void classesOutsideThePriorAreRejected() {
    SyntheticPrior cats = SyntheticPrior.builder().classes(SyntheticClass.CAT).size(SIZE).build();
    Latent z = cats.sampleLatent(new Random(1));
    assertThatThrownBy(() -> cats.render(z, SyntheticClass.CAR, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CAR");
    assertThat(SyntheticClass.byName("Bird")).isEqualTo(SyntheticClass.BIRD);
  }
}

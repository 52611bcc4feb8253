package io.gpunit.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.image.FloatImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationTest {

  @Test
  void cropOffsetsCoverTheInclusiveRangeAndFlipsHappenAboutHalfTheTime() {
    Augmentation aug = Augmentation.builder().loadSize(10).cropSize(7).build();
    Random random = new Random(0);
    boolean[] seenTop = new boolean[4];
    boolean[] seenLeft = new boolean[4];
    int flips = 0;
    for (int i = 0; i < 400; i++) {
      Augmentation.Params p = aug.draw(random);
      assertThat(p.top()).isBetween(0, 3);
      assertThat(p.left()).isBetween(0, 3);
      seenTop[p.top()] = true;
      seenLeft[p.left()] = true;
      flips += p.flip() ? 1 : 0;
    }
    assertThat(seenTop).containsOnly(true);
    assertThat(seenLeft).containsOnly(true);
    assertThat(flips).isBetween(150, 250);
  }

  @Test
  void appliesCropThenFlip() {
    // 4x4 image holding 10y + x; loadSize 4 means no resampling.
    float[] d = new float[16];
    for (int i = 0; i < 16; i++) {
      d[i] = 10 * (i / 4) + i % 4;
    }
    Augmentation aug = Augmentation.builder().loadSize(4).cropSize(2).build();
    FloatImage out = aug.apply(FloatImage.of(1, 4, 4, d), new Augmentation.Params(1, 2, true));
    assertThat(out.toArray()).containsExactly(13, 12, 23, 22);
  }

  @Test
  void cropLargerThanLoadIsRejected() {
    assertThatThrownBy(() -> Augmentation.builder().loadSize(10).cropSize(12).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cropSize=12");
  }
}

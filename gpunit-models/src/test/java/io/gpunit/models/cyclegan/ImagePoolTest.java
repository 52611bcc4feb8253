package io.gpunit.models.cyclegan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.training.checkpoint.Checkpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImagePoolTest {

  /**
   * Images [n, 1, 1, 1] whose single values are {@code first, first + 1, ...}: an image is its id.
   */
  private static INDArray ids(int first, int n) {
    return Nd4j.arange(first, first + n).castTo(DataType.FLOAT).reshape(n, 1, 1, 1);
  }

  private static List<Double> values(INDArray images) {
    List<Double> out = new ArrayList<>();
    for (double v : images.castTo(DataType.DOUBLE).data().asDouble()) {
      out.add(v);
    }
    return out;
  }

  @Test
  void storesAndReturnsFakesWhileFilling() {
    ImagePool pool = new ImagePool("p", 3);
    assertThat(values(pool.query(ids(0, 2), new SplitMix64(1)))).containsExactly(0.0, 1.0);
    assertThat(pool.size()).isEqualTo(2);
    assertThat(values(pool.image(1))).containsExactly(1.0);
  }

  @Test
  void swapsWithProbabilityOneHalfLikeTheOfficialPool() {
    int capacity = 4;
    ImagePool pool = new ImagePool("p", capacity);
    SplitMix64 random = new SplitMix64(42);
    // Plain reference of image_pool.py's query, image by image, with a twin of the generator.
    SplitMix64 twin = new SplitMix64(42);
    List<Double> reference = new ArrayList<>();
    List<Double> expectedOut = new ArrayList<>();
    int swaps = 0;
    for (int batch = 0; batch < 30; batch++) {
      INDArray fakes = ids(100 * batch, 3);
      for (double image : values(fakes)) {
        if (reference.size() < capacity) {
          reference.add(image);
          expectedOut.add(image);
        } else if (twin.nextDouble() > 0.5) {
          int slot = twin.nextInt(capacity);
          expectedOut.add(reference.get(slot));
          reference.set(slot, image);
          swaps++;
        } else {
          expectedOut.add(image);
        }
      }
      List<Double> out = values(pool.query(fakes, random));
      assertThat(out).isEqualTo(expectedOut.subList(expectedOut.size() - 3, expectedOut.size()));
    }
    List<Double> stored = new ArrayList<>();
    for (int i = 0; i < pool.size(); i++) {
      stored.addAll(values(pool.image(i)));
    }
    assertThat(stored).isEqualTo(reference);
    // 86 draws after filling: roughly half of them swap.
    assertThat(swaps).isBetween(25, 61);
  }

  @Test
  void capacityZeroReturnsTheFakesUnchanged() {
    ImagePool pool = new ImagePool("p", 0);
    INDArray fakes = ids(5, 2);
    assertThat(pool.query(fakes, new SplitMix64(0))).isEqualTo(fakes);
    assertThat(pool.size()).isZero();
  }

  @Test
  void checkpointRestoresTheStoredImages() {
    ImagePool pool = new ImagePool("fake_B", 3);
    pool.query(ids(0, 2), new SplitMix64(3));
    Checkpoint.Builder builder = Checkpoint.builder(1);
    pool.saveTo(builder);
    Checkpoint checkpoint = builder.build();
    assertThat(checkpoint.tensorNames()).containsExactly("pool.fake_B");

    ImagePool restored = new ImagePool("fake_B", 3);
    restored.query(ids(50, 3), new SplitMix64(4));
    restored.loadFrom(checkpoint);
    assertThat(restored.size()).isEqualTo(2);
    assertThat(values(restored.image(0))).containsExactly(0.0);
    assertThat(values(restored.image(1))).containsExactly(1.0);
  }

  @Test
  void emptyPoolCheckpointsWithoutATensor() {
    Checkpoint.Builder builder = Checkpoint.builder(0);
    new ImagePool("p", 2).saveTo(builder);
    ImagePool restored = new ImagePool("p", 2);
    restored.query(ids(0, 1), new SplitMix64(0));
    restored.loadFrom(builder.build());
    assertThat(restored.size()).isZero();
  }

  @Test
  void rejectsACheckpointLargerThanItsCapacity() {
    ImagePool big = new ImagePool("p", 5);
    big.query(ids(0, 4), new SplitMix64(0));
    Checkpoint.Builder builder = Checkpoint.builder(0);
    big.saveTo(builder);
    assertThatThrownBy(() -> new ImagePool("p", 3).loadFrom(builder.build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 4 images, the capacity is 3");
  }

  @Test
  void rejectsImagesOfAnotherShape() {
    ImagePool pool = new ImagePool("p", 3);
    pool.query(ids(0, 1), new SplitMix64(0));
    assertThatThrownBy(() -> pool.query(Nd4j.zeros(DataType.FLOAT, 1, 1, 2, 2), new SplitMix64(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds images of shape [1, 1, 1, 1]");
  }
}

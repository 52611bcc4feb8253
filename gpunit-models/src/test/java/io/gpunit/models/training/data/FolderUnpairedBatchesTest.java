package io.gpunit.models.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.data.Augmentation;
import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.image.Images;
import io.gpunit.core.random.SplitMix64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FolderUnpairedBatchesTest {

  @TempDir Path root;

  private static final Augmentation SMALL = Augmentation.builder().loadSize(10).cropSize(8).build();

  /** A flat grey PNG of value {@code v} (in [-1, 1], exactly representable in 8 bits). */
  private static void flat(Path file, float v) throws Exception {
    Files.createDirectories(file.getParent());
    Images.writePng(Nd4j.zeros(DataType.FLOAT, 3, 12, 12).addi(v), file);
  }

  private static float quantised(float v) {
    return Math.round((v + 1) * 127.5f) / 127.5f - 1;
  }

  private FolderUnpairedBatches batches() throws Exception {
    flat(root.resolve("train/cat/1.png"), -0.6f);
    flat(root.resolve("train/cat/2.png"), -0.2f);
    flat(root.resolve("train/dog/1.png"), 0.4f);
    Files.writeString(root.resolve("train/dog/broken.jpg"), "not a jpeg");
    flat(root.resolve("train/other/1.png"), 0.9f);
    return UnpairedBatches.folders(root, "cat", "dog", SMALL);
  }

  @Test
  void readsEachDomainFromItsFolderAtTheCropSize() throws Exception {
    FolderUnpairedBatches data = batches();
    assertThat(data.imageSize()).isEqualTo(8);
    assertThat(data.sizeA()).isEqualTo(2);
    assertThat(data.sizeB()).isEqualTo(2);
    TwoDomainBatch batch = data.batch(6, new SplitMix64(3));
    assertThat(batch.a().shape()).containsExactly(6, 3, 8, 8);
    assertThat(batch.b().shape()).containsExactly(6, 3, 8, 8);
    Set<Float> catValues = Set.of(quantised(-0.6f), quantised(-0.2f));
    for (int i = 0; i < 6; i++) {
      INDArray a = batch.a().get(NDArrayIndex.point(i));
      INDArray b = batch.b().get(NDArrayIndex.point(i));
      assertThat(a.maxNumber().floatValue() - a.minNumber().floatValue()).isLessThan(1e-5f);
      float v = a.getFloat(0);
      assertThat(catValues).anyMatch(c -> Math.abs(c - v) < 1e-5f);
      assertThat(b.getFloat(0))
          .isCloseTo(quantised(0.4f), org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(b.maxNumber().floatValue() - b.minNumber().floatValue()).isLessThan(1e-5f);
    }
  }

  @Test
  void skipsAnUnreadableFileOnceAndCountsIt() throws Exception {
    FolderUnpairedBatches data = batches();
    for (int i = 0; i < 4; i++) {
      data.batch(8, new SplitMix64(i));
    }
    assertThat(data.skippedFiles()).isEqualTo(1);
  }

  @Test
  void aBatchIsAPureFunctionOfTheRandom() throws Exception {
    FolderUnpairedBatches data = batches();
    TwoDomainBatch one = data.batch(6, new SplitMix64(7));
    TwoDomainBatch two = data.batch(6, new SplitMix64(7));
    assertThat(two.a()).isEqualTo(one.a());
    assertThat(two.b()).isEqualTo(one.b());
    TwoDomainBatch other = data.batch(6, new SplitMix64(8));
    assertThat(other.a()).isNotEqualTo(one.a());
  }

  @Test
  void aDomainOfOnlyUnreadableFilesIsAnErrorAndAnEmptyOneToo() throws Exception {
    Files.createDirectories(root.resolve("train/bad"));
    Files.writeString(root.resolve("train/bad/x.jpg"), "nope");
    flat(root.resolve("train/good/1.png"), 0f);
    FolderUnpairedBatches data = UnpairedBatches.folders(root, "good", "bad", SMALL);
    assertThatThrownBy(() -> data.batch(1, new SplitMix64(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unreadable");
    Files.createDirectories(root.resolve("train/empty"));
    assertThatThrownBy(() -> UnpairedBatches.folders(root, "good", "empty", SMALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no image files");
  }
}

package io.gpunit.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.core.image.Images;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link UnpairedImageFolders} and {@link PairedDataset} on small generated folders. */
class FolderDatasetsTest {

  @TempDir Path root;

  private static final Augmentation SMALL = Augmentation.builder().loadSize(8).cropSize(6).build();

  private static BufferedImage solid(int grey) {
    BufferedImage image = new BufferedImage(10, 12, BufferedImage.TYPE_INT_RGB);
    int rgb = new Color(grey, grey, grey).getRGB();
    for (int y = 0; y < 12; y++) {
      for (int x = 0; x < 10; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  /** root/train/cat: 5 solid greys 10..50 and a corrupt file; root/train/dog: greys 200..220. */
  private void officialLayout() throws IOException {
    Path cat = Files.createDirectories(root.resolve("train/cat"));
    Path dog = Files.createDirectories(root.resolve("train/dog"));
    for (int i = 1; i <= 5; i++) {
      Images.writePng(solid(10 * i), cat.resolve("c" + i + ".png"));
    }
    Files.write(cat.resolve("broken.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
    Files.writeString(cat.resolve("notes.txt"), "not listed: wrong extension");
    for (int i = 0; i < 3; i++) {
      Images.writePng(solid(200 + 10 * i), dog.resolve("d" + i + ".png"));
    }
  }

  private static Set<Float> values(INDArray batch) {
    Set<Float> seen = new HashSet<>();
    for (float v : batch.dup().data().asFloat()) {
      seen.add(Math.round(v * 127.5f + 127.5f) * 1f);
    }
    return seen;
  }

  @Test
  void unpairedFoldersBatchAugmentedImagesFromEachDomainAndSkipCorruptFiles() throws IOException {
    officialLayout();
    try (UnpairedImageFolders data =
        UnpairedImageFolders.builder()
            .root(root)
            .domains("cat", "dog")
            .batchSize(2)
            .augmentation(SMALL)
            .seed(3)
            .prefetch(2)
            .build()) {
      assertThat(data.sizeA()).isEqualTo(6);
      assertThat(data.sizeB()).isEqualTo(3);
      assertThat(data.batchesPerEpoch()).isEqualTo(3);
      Set<Float> greysA = new HashSet<>();
      Set<Float> greysB = new HashSet<>();
      // Three batches need six readable A images, but the epoch has only five: the second epoch has
      // begun, so the corrupt file has certainly been tried.
      for (int i = 0; i < 3; i++) {
        TwoDomainBatch batch = data.next();
        assertThat(batch.a().shape()).containsExactly(2, 3, 6, 6);
        assertThat(batch.b().shape()).containsExactly(2, 3, 6, 6);
        greysA.addAll(values(batch.a()));
        greysB.addAll(values(batch.b()));
      }
      assertThat(greysA).isSubsetOf(10f, 20f, 30f, 40f, 50f).hasSize(5);
      assertThat(greysB).isSubsetOf(200f, 210f, 220f);
      assertThat(data.skippedFiles()).isEqualTo(1);
    }
  }

  @Test
  void sameSeedGivesSameBatchesWithOrWithoutPrefetch() throws IOException {
    officialLayout();
    UnpairedImageFolders.Builder builder =
        UnpairedImageFolders.builder()
            .root(root)
            .domains("cat", "dog")
            .batchSize(3)
            .augmentation(SMALL)
            .seed(5);
    try (UnpairedImageFolders background = builder.prefetch(3).build();
        UnpairedImageFolders inline = builder.prefetch(0).build()) {
      for (int i = 0; i < 4; i++) {
        TwoDomainBatch x = background.next();
        TwoDomainBatch y = inline.next();
        assertThat(x.a()).isEqualTo(y.a());
        assertThat(x.b()).isEqualTo(y.b());
      }
    }
  }

  @Test
  void missingOrEmptyFoldersAreReportedByPath() throws IOException {
    Files.createDirectories(root.resolve("train/empty"));
    Files.createDirectories(root.resolve("train/full"));
    Images.writePng(solid(1), root.resolve("train/full/a.png"));
    assertThatThrownBy(
            () -> UnpairedImageFolders.builder().root(root).domains("full", "empty").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty")
        .hasMessageContaining("no image files");
    assertThatThrownBy(
            () -> UnpairedImageFolders.builder().root(root).domains("full", "nope").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }

  /** A 10x10 image whose red channel encodes x and green encodes y, and its colour negative. */
  private static BufferedImage[] coordinateImageAndNegative(int salt) {
    BufferedImage a = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
    BufferedImage b = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 10; x++) {
        Color c = new Color(20 * x + 5, 20 * y + 5, salt);
        a.setRGB(x, y, c.getRGB());
        b.setRGB(x, y, new Color(255 - c.getRed(), 255 - c.getGreen(), 255 - c.getBlue()).getRGB());
      }
    }
    return new BufferedImage[] {a, b};
  }

  @Test
  void pairedImagesShareCropOffsetsAndFlips() throws IOException {
    Path a = Files.createDirectories(root.resolve("a"));
    Path b = Files.createDirectories(root.resolve("b"));
    for (int i = 0; i < 4; i++) {
      BufferedImage[] pair = coordinateImageAndNegative(40 * i);
      Images.writePng(pair[0], a.resolve(i + ".png"));
      Images.writePng(pair[1], b.resolve(i + ".png"));
    }
    Images.writePng(solid(9), a.resolve("lonely.png")); // no partner: left out
    // loadSize = image size, so resizing is the identity and only crop and flip act.
    Augmentation cropOnly = Augmentation.builder().loadSize(10).cropSize(5).build();
    try (PairedDataset data =
        PairedDataset.builder()
            .folders(a, b)
            .batchSize(4)
            .augmentation(cropOnly)
            .seed(1)
            .prefetch(1)
            .build()) {
      assertThat(data.size()).isEqualTo(4);
      Set<Float> corners = new HashSet<>();
      boolean sawFlip = false;
      for (int n = 0; n < 5; n++) {
        TwoDomainBatch batch = data.next();
        // The negative of the same window, pixel for pixel: same offsets, same flip.
        assertThat(batch.b().dup().data().asFloat())
            .containsExactly(batch.a().neg().dup().data().asFloat(), within(1e-6f));
        for (int i = 0; i < 4; i++) {
          corners.add(batch.a().getFloat(i, 0, 0, 0));
          sawFlip |= batch.a().getFloat(i, 0, 0, 0) > batch.a().getFloat(i, 0, 0, 4);
        }
      }
      assertThat(corners.size()).as("crop offsets vary").isGreaterThan(1);
      assertThat(sawFlip).as("some crops are mirrored").isTrue();
    }
  }

  @Test
  void imageFilesAreListedInNaturalOrderByExtension() throws IOException {
    for (String name : List.of("img10.png", "img2.JPG", "img1.jpeg", "readme.md", "img3.webp")) {
      Files.createFile(root.resolve(name));
    }
    assertThat(ImageFiles.list(root).stream().map(p -> p.getFileName().toString()))
        .containsExactly("img1.jpeg", "img2.JPG", "img3.webp", "img10.png");
  }
}

package io.gpunit.core.data;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.image.AlphaPolicy;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.image.Images;
import io.gpunit.core.testing.MaskedFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskedPairFoldersTest {

  private static final int SIZE = 16;
  private static final SyntheticPrior PRIOR = SyntheticPrior.builder().size(SIZE).build();

  @TempDir Path tmp;
  private Path images;
  private Path masks;

  /**
   * The official layout: syn/Train/{10_cat,2_car}/{0..3}.png with masks in syn_mask/Train;
   * 2_car/k.png is rendered from the same latent as 10_cat/k.png.
   */
  @BeforeEach
  void writeLayout() {
    images = tmp.resolve("syn/Train");
    masks = tmp.resolve("syn_mask/Train");
    MaskedFolders.write(
        PRIOR,
        images,
        masks,
        4,
        1,
        new SyntheticClass[] {SyntheticClass.CAT, SyntheticClass.CAR},
        new String[] {"10_cat", "2_car"});
  }

  private static Augmentation none() {
    return Augmentation.builder().loadSize(SIZE).cropSize(SIZE).flip(false).build();
  }

  @Test
  void theOfficialLayoutGivesClassesInNaturalOrder() {
    MaskedPairFolders folders =
        MaskedPairFolders.builder()
            .official(tmp.resolve("syn"), "Train")
            .augmentation(none())
            .build();
    assertThat(folders.classes()).containsExactly("2_car", "10_cat");
    assertThat(folders.size()).isEqualTo(8);
    assertThat(folders.pairableNames()).isEqualTo(4);
    assertThat(folders.imageSize()).isEqualTo(SIZE);
  }

  @Test
  void aPairIsOneFileNameInTwoClassesWithItsMasks() {
    MaskedPairFolders folders =
        MaskedPairFolders.builder().roots(images, masks).augmentation(none()).build();
    List<MaskedPairFolders.Item> pair = folders.pair(new Random(3));
    assertThat(pair.get(0).label()).isNotEqualTo(pair.get(1).label());
    // Without augmentation each item is its file: find which k it is by comparing with the renders.
    int k = matchingName(pair.get(0));
    String second = folders.classes().get(pair.get(1).label());
    FloatImage expected =
        Images.load(images.resolve(second).resolve(k + ".png"), AlphaPolicy.overWhite());
    assertThat(pair.get(1).image().toArray()).containsExactly(expected.toArray());
    for (MaskedPairFolders.Item item : pair) {
      assertThat(item.mask().channels()).isEqualTo(1);
      for (float v : item.mask().toArray()) {
        assertThat(v).isIn(0f, 1f);
      }
      assertThat(sum(item.mask())).as("the object covers part of the picture").isGreaterThan(4);
    }
  }

  private int matchingName(MaskedPairFolders.Item item) {
    String klass = item.label() == 0 ? "2_car" : "10_cat";
    for (int k = 0; k < 4; k++) {
      FloatImage file =
          Images.load(images.resolve(klass).resolve(k + ".png"), AlphaPolicy.overWhite());
      if (Arrays.equals(file.toArray(), item.image().toArray())) {
        return k;
      }
    }
    throw new AssertionError("item is none of the files of " + klass);
  }

  @Test
  void bothImagesOfAPairAndTheirMasksShareOneCropAndFlip() throws IOException {
    // Make the car folder a copy of the cat folder: a shared draw must give identical items.
    for (int k = 0; k < 4; k++) {
      Files.copy(
          images.resolve("10_cat/" + k + ".png"),
          images.resolve("2_car/" + k + ".png"),
          REPLACE_EXISTING);
      Files.copy(
          masks.resolve("10_cat/" + k + ".png"),
          masks.resolve("2_car/" + k + ".png"),
          REPLACE_EXISTING);
    }
    MaskedPairFolders folders =
        MaskedPairFolders.builder()
            .roots(images, masks)
            .augmentation(Augmentation.builder().loadSize(20).cropSize(SIZE).flip(true).build())
            .build();
    Random random = new Random(5);
    for (int i = 0; i < 6; i++) {
      List<MaskedPairFolders.Item> pair = folders.pair(random);
      assertThat(pair.get(1).image().toArray()).containsExactly(pair.get(0).image().toArray());
      assertThat(pair.get(1).mask().toArray()).containsExactly(pair.get(0).mask().toArray());
    }
  }

  @Test
  void drawsAreAFunctionOfTheRandomOnly() {
    MaskedPairFolders folders = MaskedPairFolders.builder().roots(images, masks).build();
    MaskedPairFolders again = MaskedPairFolders.builder().roots(images, masks).build();
    assertThat(again.single(new Random(8)).image().toArray())
        .containsExactly(folders.single(new Random(8)).image().toArray());
  }

  @Test
  void imagesWithoutMasksAreLeftOutAndUnreadableOnesSkippedAndCounted() throws IOException {
    Files.delete(masks.resolve("2_car/3.png"));
    Files.writeString(images.resolve("10_cat/2.png"), "not a png");
    MaskedPairFolders folders =
        MaskedPairFolders.builder().roots(images, masks).augmentation(none()).build();
    assertThat(folders.size()).isEqualTo(7);
    assertThat(folders.pairableNames()).isEqualTo(3);
    Random random = new Random(11);
    for (int i = 0; i < 40; i++) {
      folders.single(random);
      folders.pair(random);
    }
    assertThat(folders.skippedFiles()).isEqualTo(1);
  }

  @Test
  void aRootWithoutClassFoldersIsRejectedWithTheExpectedLayout() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> MaskedPairFolders.builder().roots(empty, masks).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no class folders")
        .hasMessageContaining("root/<class>/*.jpg");
    assertThatThrownBy(() -> MaskedPairFolders.builder().roots(tmp.resolve("nope"), masks).build())
        .hasMessageContaining("does not exist");
  }

  private static double sum(FloatImage image) {
    double s = 0;
    for (float v : image.toArray()) {
      s += v;
    }
    return s;
  }
}

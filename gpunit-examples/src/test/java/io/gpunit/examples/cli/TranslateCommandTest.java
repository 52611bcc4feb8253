package io.gpunit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.image.Images;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslateCommandTest {

  private static Path model;
  private static Path images;

  @BeforeAll
  static void fixtures() {
    Path base = Cli.fixtures();
    model = base.resolve("gpunit-reference/dev-nf8-s1234-64/model.safetensors");
    images = base.resolve("images");
    if (!Files.isRegularFile(model) || !Files.isDirectory(images)) {
      throw new IllegalStateException("fixture model or images missing under " + base);
    }
  }

  @Test
  void translatesAPhotoInTheStyleOfAnother(@TempDir Path out) {
    Cli.Run run =
        Cli.gpunit(
            "translate",
            "--model",
            model.toString(),
            "--content",
            images.resolve("cat_flickr_cat_000418.jpg").toString(),
            "--style",
            images.resolve("dog_flickr_dog_000572.jpg").toString(),
            "--out",
            out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("translated 1 images in");
    BufferedImage translated =
        Images.readImage(out.resolve("cat_flickr_cat_000418_translated.png"));
    assertThat(translated.getWidth()).isEqualTo(256);
    assertThat(translated.getHeight()).isEqualTo(256);
    // Grid: row 1 content + style, row 2 the translation; two 256² columns with margins.
    BufferedImage grid = Images.readImage(out.resolve("cat_flickr_cat_000418_grid.png"));
    assertThat(grid.getWidth()).isGreaterThanOrEqualTo(2 * 256);
    assertThat(grid.getHeight()).isGreaterThanOrEqualTo(2 * 256);
  }

  @Test
  void translatesAFolderWithSampledStyles(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectory(tmp.resolve("in"));
    Files.copy(images.resolve("male_020167.jpg"), in.resolve("male_020167.jpg"));
    Files.writeString(in.resolve("notes.txt"), "not an image");
    Path out = tmp.resolve("out");

    Cli.Run run =
        Cli.gpunit(
            "translate",
            "--model",
            model.toString(),
            "--content",
            in.toString(),
            "--samples",
            "2",
            "--seed",
            "3",
            "--out",
            out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("translated 2 images in");
    for (String name : new String[] {"male_020167_sample0.png", "male_020167_sample1.png"}) {
      BufferedImage sample = Images.readImage(out.resolve(name));
      assertThat(sample.getWidth()).isEqualTo(256);
      assertThat(sample.getHeight()).isEqualTo(256);
    }
    assertThat(out.resolve("male_020167_grid.png")).isRegularFile();
    assertThat(out.resolve("notes.png")).doesNotExist();
  }

  @Test
  void aMissingModelIsOneLineAndExitCodeOne(@TempDir Path out) {
    Cli.Run run =
        Cli.gpunit(
            "translate",
            "--model",
            out.resolve("missing.safetensors").toString(),
            "--content",
            images.resolve("male_020167.jpg").toString(),
            "--out",
            out.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip()).doesNotContain("\n").contains("missing.safetensors");
    assertThat(run.err()).contains("no such file");
  }

  @Test
  void styleAndSamplesTogetherIsAUsageError(@TempDir Path out) {
    Cli.Run run =
        Cli.gpunit(
            "translate",
            "--model",
            model.toString(),
            "--content",
            images.resolve("male_020167.jpg").toString(),
            "--style",
            images.resolve("male_020167.jpg").toString(),
            "--samples",
            "2");

    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void infoListsNetworksAndWidths() {
    Cli.Run run = Cli.gpunit("info", model.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("content_encoder.*")
        .contains("g_ema.*")
        .contains("sampler.*")
        .contains("nef=8");
  }
}

package io.gpunit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.image.ImageBombs;
import io.gpunit.core.image.ImageTooLargeException;
import io.gpunit.core.image.Images;
import io.gpunit.core.image.TruncatedImageException;
import io.gpunit.core.weights.PoisonedWeights;
import io.gpunit.core.weights.torch.CheckpointTooLargeException;
import io.gpunit.core.weights.torch.TorchBombs;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Translator used as a library refuses hostile input with exceptions a service can map. */
class TranslatorBadInputTest {

  private static Path model;
  private static Path photo;
  private static Translator translator;

  @BeforeAll
  static void load() {
    String root = System.getProperty("gpunit.fixtures.dir");
    if (root == null || root.isBlank()) {
      throw new IllegalStateException("system property gpunit.fixtures.dir is not set");
    }
    Path fixtures = Paths.get(root).toAbsolutePath();
    model = fixtures.resolve("gpunit-reference/dev-nf8-s1234-64/model.safetensors");
    photo = fixtures.resolve("images/male_020167.jpg");
    if (!Files.isRegularFile(model) || !Files.isRegularFile(photo)) {
      throw new IllegalStateException("fixture model or photo missing under " + fixtures);
    }
    translator = Translator.builder().load(model).imageSize(64).maxPixels(3_000_000).build();
  }

  @AfterAll
  static void close() {
    translator.close();
  }

  @Test
  void imagesAboveThePixelLimitAreRefusedFromFilesAndInMemory(@TempDir Path tmp)
      throws Exception {
    Path bomb = ImageBombs.grayPng(tmp.resolve("bomb.png"), 20000, 20000);

    assertThatThrownBy(() -> translator.readImage(bomb))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessageContaining(bomb.toString());
    BufferedImage big = new BufferedImage(2001, 1500, BufferedImage.TYPE_BYTE_GRAY);
    assertThatThrownBy(() -> translator.translate(big))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessageContaining("2001x1500");
  }

  @Test
  void aBatchOfFilesTranslatesTheReadableOnesAndReportsTheRest(@TempDir Path tmp)
      throws Exception {
    Path good = Files.copy(photo, tmp.resolve("good.jpg"));
    Path cut = ImageBombs.truncated(photo, 0.3, tmp.resolve("cut.jpg"));
    Path missing = tmp.resolve("missing.png");
    Path bomb = ImageBombs.grayPng(tmp.resolve("bomb.png"), 2000, 2000);
    List<Path> files = List.of(cut, good, missing, bomb);
    List<Path> translated = new ArrayList<>();

    BatchReport report =
        translator.processFiles(
            files,
            false,
            (file, image) -> {
              assertThat(translator.translate(image).getWidth()).isPositive();
              translated.add(file);
            });

    assertThat(translated).containsExactly(good);
    assertThat(report.succeeded()).containsExactly(good);
    assertThat(report.failures()).extracting(FileFailure::file).containsExactly(cut, missing, bomb);
    assertThat(report.failures().get(0).error()).isInstanceOf(TruncatedImageException.class);
    assertThat(report.failures().get(1).reason()).isEqualTo("no such file");
    assertThat(report.failures().get(2).error()).isInstanceOf(ImageTooLargeException.class);
    assertThat(report.failures().get(2).toString()).startsWith(bomb + ": 2000x2000");

    assertThatThrownBy(() -> translator.processFiles(files, true, (file, image) -> {}))
        .isInstanceOf(TruncatedImageException.class);
    try (Translator lenient =
        Translator.builder().load(model).imageSize(64).allowTruncated(true).build()) {
      assertThat(lenient.readImage(cut).getWidth()).isEqualTo(Images.readImage(photo).getWidth());
    }
  }

  @Test
  void aCheckpointAboveTheStorageBudgetIsAModelTooLargeException(@TempDir Path tmp)
      throws Exception {
    Path encoder = TorchBombs.zeroStorage(tmp.resolve("content_encoder.pt"), 1 << 20);
    Path task = TorchBombs.zeroStorage(tmp.resolve("task.pt"), 16);

    assertThatThrownBy(
            () ->
                Translator.builder()
                    .loadOfficial(encoder, task)
                    .maxCheckpointBytes(1 << 20)
                    .build())
        .isInstanceOf(ModelTooLargeException.class)
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(encoder.toString())
        .hasCauseInstanceOf(CheckpointTooLargeException.class);
  }

  @Test
  void aModelThatProducesNaNThrowsNonFiniteOutputException(@TempDir Path tmp) {
    Path nan = PoisonedWeights.nanUnder(model, "g_ema.", tmp.resolve("nan.safetensors"));

    try (Translator broken = Translator.builder().load(nan).imageSize(64).build()) {
      assertThatThrownBy(() -> broken.translate(Images.readImage(photo)))
          .isInstanceOf(NonFiniteOutputException.class)
          .hasMessageContaining(nan.toString())
          .hasMessageContaining("non-finite");
    }
  }
}

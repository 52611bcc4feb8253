package io.gpunit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.weights.SafeTensors;
import io.gpunit.models.ModelFile;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.models.TranslationNetworks;
import io.gpunit.models.gpunit.ContentEncoderFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainCommandTest {

  @TempDir Path dir;

  @Test
  void trainsABaselineOnSyntheticClassesAndWritesALoadableModel() {
    Cli.Run run = Cli.trainTinyCycleGan(dir, 32, 2);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("trained 2 steps");
    Path model = dir.resolve("model.safetensors");
    assertThat(SafeTensors.read(model).metadata())
        .containsEntry(ModelFile.ARCHITECTURE, ModelFile.CYCLEGAN)
        .containsEntry(ModelFile.IMAGE_SIZE, "32");
    try (TranslationNetwork network = TranslationNetworks.load(model)) {
      assertThat(network.imageSize()).isEqualTo(32);
    }
    assertThat(dir.resolve("losses.png")).isRegularFile();
    assertThat(dir.resolve("checkpoint.safetensors")).isRegularFile();

    Cli.Run resumed = Cli.trainTinyCycleGan(dir, 32, 3, "--resume");
    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("resuming at step 2").contains("trained 3 steps");
  }

  @Test
  void gpUnitSavesItsStage1EncoderForALaterRunWithItsResolution() {
    Path first = dir.resolve("first");
    Cli.Run run = trainTinyGpUnit(first);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("stage 1: distilling a content encoder");
    Path encoder = first.resolve("content_encoder.safetensors");
    assertThat(SafeTensors.read(encoder).metadata())
        .containsEntry(ModelFile.CONTENT_RESOLUTION, "256");
    assertThat(SafeTensors.read(first.resolve("model.safetensors")).metadata())
        .containsEntry(ModelFile.CONTENT_RESOLUTION, "256")
        .containsEntry(ModelFile.IMAGE_SIZE, "64");

    Path second = dir.resolve("second");
    Cli.Run again = trainTinyGpUnit(second, "--content-encoder", encoder.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).doesNotContain("stage 1:");
    assertThat(SafeTensors.read(second.resolve("model.safetensors")).metadata())
        .containsEntry(ModelFile.CONTENT_RESOLUTION, "256");
    try (TranslationNetwork network =
        TranslationNetworks.load(second.resolve("model.safetensors"))) {
      assertThat(network.imageSize()).isEqualTo(64);
    }
  }

  @Test
  void gpUnitStartsStageTwoFromTheBundledEncoderUnlessToldOtherwise() {
    Cli.Run run = Cli.trainTiny("gpunit", dir, 64, 1);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("stage 1: the bundled content encoder");
    Map<String, INDArray> used =
        ContentEncoderFile.read(dir.resolve("content_encoder.safetensors")).weights();
    Map<String, INDArray> bundled = ContentEncoderFile.bundled().weights();
    assertThat(used.keySet()).isEqualTo(bundled.keySet());
    bundled.forEach((name, tensor) -> assertThat(used.get(name)).as(name).isEqualTo(tensor));
  }

  private static Cli.Run trainTinyGpUnit(Path out, String... extra) {
    String[] args = new String[extra.length + 2];
    args[0] = "--stage1-steps";
    args[1] = "1";
    System.arraycopy(extra, 0, args, 2, extra.length);
    return Cli.trainTiny("gpunit", out, 64, 1, args);
  }

  @Test
  void selectEveryKeepsTheSnapshotThatScoredBestOnTheValidationSeed() throws Exception {
    Cli.Run run = Cli.trainTiny("cyclegan", dir, 64, 2, "--select-every", "1");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("validation (seed 777) at step 1:", "validation (seed 777) at step 2:")
        .containsPattern("model selection: kept the snapshot of step [12], the best of 2");
    try (TranslationNetwork network = TranslationNetworks.load(dir.resolve("model.safetensors"))) {
      assertThat(network.imageSize()).isEqualTo(64);
    }
    assertThat(Files.exists(dir.resolve("model.safetensors.candidate"))).isFalse();

    Cli.Run folders =
        Cli.gpunit(
            "train",
            "--data",
            dir.toString(),
            "--domains",
            "a,b",
            "--select-every",
            "1",
            "--out",
            dir.resolve("f").toString());
    assertThat(folders.exit()).isEqualTo(1);
    assertThat(folders.err()).contains("--select-every needs --synthetic");
  }

  @Test
  void badArgumentsExitWithOneLine() throws Exception {
    assertThat(Cli.gpunit("train", "--arch", "pix2pix", "--synthetic", "CAT,CAR").err())
        .contains("no baseline called 'pix2pix'");
    assertThat(Cli.gpunit("train", "--synthetic", "CAT").err()).contains("two classes");
    Cli.Run missing =
        Cli.gpunit("train", "--data", dir.resolve("nope").toString(), "--out", dir.toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("--domains");
    assertThat(Files.exists(dir.resolve("model.safetensors"))).isFalse();
  }
}

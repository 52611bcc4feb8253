package io.gpunit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.weights.SafeTensors;
import io.gpunit.models.ModelFile;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.models.TranslationNetworks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

package io.gpunit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.core.weights.torch.TorchFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {

  private static final Path MODEL =
      Cli.fixtures().resolve("gpunit-reference/dev-nf8-s1234-64/model.safetensors");

  @Test
  void officialCheckpointsBecomeTheConvertedModelTensorForTensor(@TempDir Path tmp)
      throws Exception {
    SafeTensorsFile model = SafeTensors.read(MODEL);
    TorchFiles.OfficialPair pt = TorchFiles.saveAsOfficialGpUnit(model, tmp);
    Path out = tmp.resolve("cat2dog.safetensors");

    Cli.Run run =
        Cli.gpunit(
            "convert",
            "--content-encoder",
            pt.contentEncoder().toString(),
            "--task",
            pt.task().toString(),
            out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    SafeTensorsFile converted = SafeTensors.read(out);
    assertThat(converted.names()).containsExactlyInAnyOrderElementsOf(model.names());
    for (String name : model.names()) {
      assertThat(converted.get(name).castTo(model.get(name).dataType()))
          .as(name)
          .isEqualTo(model.get(name));
    }
  }

  @Test
  void aMissingCheckpointIsBadInputWithOneLine(@TempDir Path tmp) {
    Path out = tmp.resolve("out.safetensors");

    Cli.Run run =
        Cli.gpunit(
            "convert",
            "--content-encoder",
            tmp.resolve("nope.pt").toString(),
            "--task",
            tmp.resolve("nope2.pt").toString(),
            out.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip()).contains("nope.pt").doesNotContain("\n");
    assertThat(Files.exists(out)).isFalse();
  }
}

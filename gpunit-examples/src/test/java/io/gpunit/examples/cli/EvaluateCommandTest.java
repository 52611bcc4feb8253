package io.gpunit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

  @TempDir Path dir;

  @Test
  void aMissingModelFileExitsWithOneAndNamesTheFile() {
    Path missing = dir.resolve("nope.safetensors");
    Cli.Run run =
        Cli.gpunit(
            "evaluate", "--model", missing.toString(), "--seed", "1", "--out", dir.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains("gpunit evaluate:")
        .contains("nope.safetensors: no such model file");
    assertThat(Files.exists(dir.resolve("evaluation.json"))).isFalse();
  }

  @Test
  void anUnknownClassExitsWithOne() {
    Cli.Run run =
        Cli.gpunit(
            "evaluate",
            "--model",
            "m.safetensors",
            "--classes",
            "CAT,HORSE",
            "--out",
            dir.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("unknown synthetic class 'HORSE'");
  }

  @Test
  void classesMustBeAPair() {
    Cli.Run run =
        Cli.gpunit(
            "evaluate", "--model", "m.safetensors", "--classes", "CAT", "--out", dir.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("--classes needs two classes");
  }
}

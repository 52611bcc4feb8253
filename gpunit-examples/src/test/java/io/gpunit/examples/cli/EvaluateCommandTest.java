package io.gpunit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
  void modelsThatShareAFileNameAreNamedWithTheirFolder() {
    assertThat(
            EvaluateCommand.modelNames(
                List.of(
                    Path.of("runs/unit/model.safetensors"),
                    Path.of("runs/munit/model.safetensors"),
                    Path.of("best.safetensors"))))
        .containsExactly("unit/model.safetensors", "munit/model.safetensors", "best.safetensors");
  }

  @Test
  void eachModelsGridIsNamedAfterItWithoutTheExtension() {
    List<String> names = List.of("unit/model.safetensors", "best.safetensors");
    assertThat(EvaluateCommand.gridName(names, 0)).isEqualTo("translations-unit_model.png");
    assertThat(EvaluateCommand.gridName(names, 1)).isEqualTo("translations-best.png");
    assertThat(EvaluateCommand.gridName(List.of("best.safetensors"), 0))
        .isEqualTo("translations.png");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--classes|CAT,HORSE|unknown synthetic class 'HORSE'",
        "--classes|CAT|--classes needs two classes",
        "--images|8|--images must be at least 9",
      })
  void badArgumentsExitWithOneAndSayWhatWasExpected(String option, String value, String message) {
    Cli.Run run =
        Cli.gpunit("evaluate", "--model", "m.safetensors", option, value, "--out", dir.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains(message);
  }

  @Test
  void scoresASavedModelWithTheBundledJudgeAndWritesJsonAndCsv() throws Exception {
    Path model = dir.resolve("cyclegan");
    Cli.Run train = Cli.trainTinyCycleGan(model, 64, 1);
    assertThat(train.exit()).as(train.err()).isZero();

    Path out = dir.resolve("eval");
    Cli.Run run =
        Cli.gpunit(
            "evaluate",
            "--model",
            model.resolve("model.safetensors").toString(),
            "--seed",
            "7",
            "--images",
            "9",
            "--out",
            out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("judge (64², 1200 steps)").contains("content_iou");
    JsonNode rows = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
    assertThat(rows).hasSize(1);
    JsonNode row = rows.get(0);
    assertThat(row.get("model").asText()).isEqualTo("model.safetensors");
    for (String key : new String[] {"content_iou", "domain_accuracy", "source_iou"}) {
      assertThat(row.get(key).asDouble()).as(key).isBetween(0.0, 1.0);
    }
    assertThat(out.resolve("evaluation.csv")).isRegularFile();
    BufferedImage grid = ImageIO.read(out.resolve("translations.png").toFile());
    assertThat(grid).as("translations.png").isNotNull();
    assertThat(grid.getHeight())
        .as("a unimodal model's grid: six rows of (content, translation), no exemplar header")
        .isBetween(2 * grid.getWidth(), 4 * grid.getWidth());
    try (var files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("the bundled judge is used, not trained and cached")
          .noneMatch(name -> name.startsWith("synthetic-judge"));
    }
  }
}

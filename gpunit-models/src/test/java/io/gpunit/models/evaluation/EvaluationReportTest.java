package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {

  @TempDir Path dir;

  private final EvaluationResult gpunit =
      new EvaluationResult(
          "cat2car.safetensors", "gpunit", "CAT->CAR", 0.71, 0.43, 0.40, 0.93, 0.21, 0.012, 3.5);
  private final EvaluationResult cycle =
      new EvaluationResult(
          "a,\"b\".safetensors", "cyclegan", "CAT->CAR", 0.5, 0.8, 0.4, 0.6, 0, -0.001, 9.25);

  @Test
  void writesOneJsonObjectPerModelWithTheRequiredKeys() throws Exception {
    new EvaluationReport(List.of(gpunit, cycle)).write(dir);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("evaluation.json").toFile());
    assertThat(json.isArray()).isTrue();
    assertThat(json.size()).isEqualTo(2);
    JsonNode first = json.get(0);
    assertThat(first.get("model").asText()).isEqualTo("cat2car.safetensors");
    assertThat(first.get("architecture").asText()).isEqualTo("gpunit");
    assertThat(first.get("content_iou").asDouble()).isEqualTo(0.71);
    assertThat(first.get("source_iou").asDouble()).isEqualTo(0.43);
    assertThat(first.get("oracle_source_iou").asDouble()).isEqualTo(0.40);
    assertThat(first.get("domain_accuracy").asDouble()).isEqualTo(0.93);
    assertThat(first.get("diversity").asDouble()).isEqualTo(0.21);
    assertThat(first.get("kid").asDouble()).isEqualTo(0.012);
    assertThat(first.get("fid").asDouble()).isEqualTo(3.5);
    assertThat(json.get(1).get("model").asText()).isEqualTo("a,\"b\".safetensors");
  }

  @Test
  void writesACsvWithAHeaderAndQuotedFields() throws Exception {
    new EvaluationReport(List.of(gpunit, cycle)).write(dir);
    List<String> lines = Files.readAllLines(dir.resolve("evaluation.csv"));
    assertThat(lines)
        .containsExactly(
            "model,architecture,domains,content_iou,source_iou,oracle_source_iou,domain_accuracy,"
                + "diversity,kid,fid",
            "cat2car.safetensors,gpunit,CAT->CAR,0.71,0.43,0.4,0.93,0.21,0.012,3.5",
            "\"a,\"\"b\"\".safetensors\",cyclegan,CAT->CAR,0.5,0.8,0.4,0.6,0.0,-0.001,9.25");
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    new EvaluationReport(List.of(gpunit)).write(dir);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("evaluation.json", "evaluation.csv");
    }
  }

  @Test
  void printsAnAlignedTableWithFourDecimals() {
    String[] lines = new EvaluationReport(List.of(gpunit, cycle)).table().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).startsWith("model").contains("content_iou").endsWith("fid");
    assertThat(lines[1]).contains("0.7100").contains("0.9300").endsWith("3.5000");
    assertThat(lines[2]).contains("-0.0010").endsWith("9.2500");
    assertThat(lines[1].length()).isEqualTo(lines[0].length());
    assertThat(lines[2].length()).isEqualTo(lines[0].length());
  }
}

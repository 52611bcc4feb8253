package io.gpunit.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reads the weights converted from the official PyTorch checkpoint layout. */
class SafeTensorsFixtureTest {

  private static Path fixture;
  private static SafeTensorsFile model;
  private static JsonNode expected;

  @BeforeAll
  static void readFixture() throws Exception {
    String dir = System.getProperty("gpunit.fixtures.dir");
    if (dir == null || !Files.isDirectory(Path.of(dir))) {
      fail(
          "fixtures not found: system property gpunit.fixtures.dir is '"
              + dir
              + "'; it must name the shared fixtures directory (Surefire sets it to"
              + " ../shared/fixtures beside the repository)");
    }
    fixture = Path.of(dir, "gpunit-reference", "dev-nf8-s1234-64");
    if (!Files.isRegularFile(fixture.resolve("model.safetensors"))) {
      fail("fixture missing: " + fixture.resolve("model.safetensors"));
    }
    model = SafeTensors.read(fixture.resolve("model.safetensors"));
    expected = new ObjectMapper().readTree(fixture.resolve("fixture.json").toFile()).get("tensors");
  }

  @Test
  void holdsExactlyTheModelTensorsListedInFixtureJsonWithTheirDtypesAndShapes() {
    List<String> modelTensors = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (!name.matches("(content_encoder|g_ema|sampler)\\..*")) {
        continue;
      }
      modelTensors.add(name);
      TensorInfo info = model.info(name);
      assertThat(info.dtype().code()).as(name).isEqualTo(e.getValue().get("dtype").asText());
      long[] shape = new long[e.getValue().get("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = e.getValue().get("shape").get(i).asLong();
      }
      assertThat(info.shape()).as(name).isEqualTo(shape);
    }
    assertThat(modelTensors).hasSize(175);
    assertThat(model.names()).containsExactlyInAnyOrderElementsOf(modelTensors);
  }

  @Test
  void decodesHalfWeightsToTheValuesPythonDecodes() {
    // Expected values: Python's struct format 'e' (IEEE binary16) on the same bytes.
    INDArray w = model.get("content_encoder.layer1.0.conv.weight_orig");

    assertThat(w.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(w.shape()).containsExactly(8, 3, 3, 3);
    assertThat(w.getFloat(0, 0, 0, 0)).isEqualTo(-0.1812744140625f);
    assertThat(w.getFloat(0, 0, 0, 1)).isEqualTo(-0.037750244140625f);
    assertThat(w.getFloat(0, 0, 0, 2)).isEqualTo(-0.0924072265625f);
    assertThat(w.getFloat(0, 0, 1, 0)).isEqualTo(-0.05133056640625f);
    assertThat(model.get("content_encoder.layer1.0.conv.bias").getFloat(1))
        .isEqualTo(0.2149658203125f);
  }

  @Test
  void decodesTheBatchCounterAsALongScalar() {
    INDArray count = model.get("sampler.bn1.num_batches_tracked");

    assertThat(count.dataType()).isEqualTo(DataType.LONG);
    assertThat(count.rank()).isZero();
    assertThat(count.getLong(0)).isEqualTo(4000L);
  }

  @Test
  void exposesTheFileMetadata() {
    assertThat(model.metadata()).containsEntry("format", "pt").containsKey("layout");
  }
}

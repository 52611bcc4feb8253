package io.gpunit.models.gpunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.weights.SafeTensors;
import io.gpunit.models.ModelFile;
import io.gpunit.models.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ContentEncoderFileTest {

  @TempDir Path dir;

  private static final Map<String, INDArray> WEIGHTS =
      Map.of("layer1.0.conv.bias", Nd4j.linspace(DataType.FLOAT, 1, 4, 1));

  @Test
  void theResolutionTravelsWithTheWeights() throws Exception {
    Path file = dir.resolve("content_encoder.safetensors");
    new ContentEncoderFile(WEIGHTS, 128).write(file);

    assertThat(SafeTensors.read(file).metadata())
        .containsEntry(ModelFile.CONTENT_RESOLUTION, "128");
    ContentEncoderFile read = ContentEncoderFile.read(file);
    assertThat(read.resolution()).isEqualTo(128);
    assertThat(read.weights()).isEqualTo(WEIGHTS);
    assertThat(Files.list(dir)).hasSize(1);
  }

  @Test
  void aFileThatDoesNotSayIsAtTheOfficial256() {
    Path file = dir.resolve("converted.safetensors");
    SafeTensors.writer().addAll(WEIGHTS).write(file);
    assertThat(ContentEncoderFile.read(file).resolution()).isEqualTo(256);
  }

  @Test
  void aResolutionThatIsNotAMultipleOf32IsNamed() {
    Path file = dir.resolve("bad.safetensors");
    SafeTensors.writer().metadata(ModelFile.CONTENT_RESOLUTION, "100").addAll(WEIGHTS).write(file);
    assertThatThrownBy(() -> ContentEncoderFile.read(file))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(ModelFile.CONTENT_RESOLUTION)
        .hasMessageContaining("'100'");
    assertThatThrownBy(() -> new ContentEncoderFile(Map.of(), 128))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A saved model holds every network; stage 2 takes the content encoder's tensors only. */
  @Test
  void aWholeModelGivesItsContentEncodersTensorsUnderTheirOwnNames() {
    INDArray encoder = Nd4j.linspace(DataType.FLOAT, 1, 4, 1);
    INDArray generator = Nd4j.ones(DataType.FLOAT, 2);
    ContentEncoderFile file =
        new ContentEncoderFile(
            Map.of(
                "content_encoder.layer1.0.conv.bias", encoder,
                "g_ema.model.0.weight", generator,
                "sampler.0.weight", generator),
            64);
    assertThat(file.weights()).containsOnlyKeys("layer1.0.conv.bias");
    assertThat(file.weights().get("layer1.0.conv.bias")).isEqualTo(encoder);
    assertThatThrownBy(() -> new ContentEncoderFile(Map.of("g.model.0.weight", generator), 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs its tensors");
  }
}

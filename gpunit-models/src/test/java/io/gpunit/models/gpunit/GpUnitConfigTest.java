package io.gpunit.models.gpunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.core.weights.TensorSource;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GpUnitConfigTest {

  @Test
  void defaultsAreTheOfficialWidths() {
    ContentEncoderConfig ec = GpUnitConfig.DEFAULT.contentEncoder();
    assertThat(IntStream.rangeClosed(1, 6).map(ec::blockChannels).toArray())
        .containsExactly(64, 128, 256, 512, 512, 1);
    GeneratorConfig g = GpUnitConfig.DEFAULT.generator();
    assertThat(IntStream.range(0, 6).map(g::layerChannels).toArray())
        .containsExactly(512, 512, 256, 128, 64, 64);
    assertThat(g.skipHiddenChannels(1)).isEqualTo(1);
    assertThat(g.skipHiddenChannels(2)).isEqualTo(512);
    assertThat(IntStream.rangeClosed(0, 5).map(g.styleEncoder()::convChannels).toArray())
        .containsExactly(64, 128, 256, 256, 256, 256);
    assertThat(g.styleDim()).isEqualTo(256);
    assertThat(GpUnitConfig.DEFAULT.sampler()).isEqualTo(new SamplerConfig(128, 128, 256));
    DiscriminatorConfig d = DiscriminatorConfig.DEFAULT;
    assertThat(d.blocks()).isEqualTo(6);
    assertThat(IntStream.rangeClosed(0, 6).map(d::blockChannels).toArray())
        .containsExactly(64, 128, 256, 512, 512, 512, 512);
  }

  /**
   * The widths read from each fixture's shapes are the constructor arguments in its fixture.json.
   */
  @Test
  void widthsInferredFromEveryFixtureMatchItsMetadata() throws IOException {
    for (ReferenceFixture fixture : ReferenceFixture.all()) {
      JsonNode widths =
          new ObjectMapper().readTree(fixture.dir().resolve("fixture.json").toFile()).get("widths");
      GpUnitConfig config = GpUnitConfig.inferFrom(fixture.model());
      assertThat(config.contentEncoder().nef())
          .as(fixture.name())
          .isEqualTo(widths.get("nef").asInt());
      assertThat(config.generator().ngf()).as(fixture.name()).isEqualTo(widths.get("ngf").asInt());
      assertThat(config.generator().skipHiddenChannels(2))
          .as(fixture.name())
          .isEqualTo(widths.get("content_nc").get(2).asInt());
      assertThat(config.generator().styleEncoder()).isEqualTo(StyleEncoderConfig.DEFAULT);
      assertThat(config.sampler()).isEqualTo(SamplerConfig.DEFAULT);

      SafeTensorsFile reference = fixture.reference();
      DiscriminatorConfig d = DiscriminatorConfig.inferFrom(TensorShapes.of(reference), "d.");
      assertThat(d.dimIn()).as(fixture.name()).isEqualTo(widths.get("d_dim_in").asInt());
      assertThat(d.outChannels())
          .as(fixture.name())
          .isEqualTo(Math.min(widths.get("d_max_conv_dim").asInt(), d.dimIn() << d.blocks()));
    }
  }

  @Test
  void inferringFromWeightsWithoutAWidthTensorNamesIt() {
    Map<String, INDArray> tensors = new HashMap<>();
    tensors.put("content_encoder.layer1.0.conv.weight_orig", Nd4j.zeros(8, 3, 3, 3));
    assertThatThrownBy(() -> GpUnitConfig.inferFrom(TensorSource.of(tensors)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("content_encoder.layer6.1.conv.weight_orig");
  }

  @Test
  void inferringFromATensorOfTheWrongRankSaysWhichAndWhy() {
    Map<String, INDArray> tensors = new HashMap<>();
    tensors.put("content_encoder.layer1.0.conv.weight_orig", Nd4j.zeros(8, 27));
    assertThatThrownBy(() -> GpUnitConfig.inferFrom(TensorSource.of(tensors)))
        .hasMessageContaining("content_encoder.layer1.0.conv.weight_orig")
        .hasMessageContaining("[8, 27]")
        .hasMessageContaining("rank 4");
  }

  @Test
  void mismatchedNetworksAreRejected() {
    GeneratorConfig narrow = GeneratorConfig.builder().ngf(32).build();
    assertThatThrownBy(
            () -> new GpUnitConfig(ContentEncoderConfig.DEFAULT, narrow, SamplerConfig.DEFAULT))
        .hasMessageContaining("nef == ngf");
    SamplerConfig wide = SamplerConfig.builder().styleDim(512).build();
    assertThatThrownBy(
            () -> new GpUnitConfig(ContentEncoderConfig.DEFAULT, GeneratorConfig.DEFAULT, wide))
        .hasMessageContaining("512-d");
  }

  @Test
  void badWidthsAndOptionsAreRejected() {
    assertThatThrownBy(() -> ContentEncoderConfig.builder().nef(0).build())
        .hasMessageContaining("nef");
    assertThatThrownBy(() -> ContentEncoderConfig.builder().resolution(100).build())
        .hasMessageContaining("multiple of 32");
    assertThatThrownBy(() -> DiscriminatorConfig.builder().resolution(200).build())
        .hasMessageContaining("power of two");
    assertThatThrownBy(() -> GeneratorOptions.DEFAULT.withScale(6)).hasMessageContaining("0..5");
  }
}

package io.gpunit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.core.weights.SafeTensorsWriter;
import io.gpunit.models.baselines.GeneratorShape;
import io.gpunit.models.munit.AdaInGenerator;
import io.gpunit.models.munit.MunitTrainer;
import io.gpunit.models.munit.MunitTrainerConfig;
import io.gpunit.models.training.data.FlatColourDomains;
import io.gpunit.models.unit.UnitTrainer;
import io.gpunit.models.unit.UnitTrainerConfig;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TranslationNetworksTest {

  private static SafeTensorsFile fixture;

  @BeforeAll
  static void readFixture() {
    String root = System.getProperty("gpunit.fixtures.dir");
    if (root == null || root.isBlank()) {
      throw new IllegalStateException("system property gpunit.fixtures.dir is not set");
    }
    fixture =
        SafeTensors.read(
            Paths.get(root).resolve("gpunit-reference/dev-nf8-s1234-64/model.safetensors"));
  }

  private static Path copyWith(Path dir, String key, String value) {
    SafeTensorsWriter writer = SafeTensors.writer();
    for (String name : fixture.names()) {
      writer.add(name, fixture.get(name));
    }
    Path file = dir.resolve("model.safetensors");
    (key == null ? writer : writer.metadata(key, value)).write(file);
    return file;
  }

  @Test
  void aFileWithoutArchitectureIsAGpUnitModelAt256() {
    try (TranslationNetwork network =
        TranslationNetworks.load(
            fixture, fixture.metadata(), TranslationNetworks.Options.DEFAULT)) {
      assertThat(network.architecture()).isEqualTo(ModelFile.GPUNIT);
      assertThat(network.imageSize()).isEqualTo(256);
      assertThat(network.isMultimodal()).isTrue();
    }
  }

  @Test
  void theTrainingSizeInTheMetadataIsTheDefaultImageSize(@TempDir Path tmp) {
    try (TranslationNetwork network =
        TranslationNetworks.load(copyWith(tmp, ModelFile.IMAGE_SIZE, "64"))) {
      assertThat(network.imageSize()).isEqualTo(64);
      INDArray x =
          Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 64, 64).muli(2).subi(1);
      INDArray codes = network.sampleStyles(2, new SplitMix64(3));
      assertThat(codes.shape()).containsExactly(2, network.styleDim());
      // The generator upsamples the content code back to the trained size.
      assertThat(network.translate(x, codes).shape()).containsExactly(2, 3, 64, 64);
    }
  }

  @Test
  void anExplicitImageSizeWinsOverTheMetadata(@TempDir Path tmp) {
    Path file = copyWith(tmp, ModelFile.IMAGE_SIZE, "32");
    try (TranslationNetwork network =
        TranslationNetworks.load(file, TranslationNetworks.Options.DEFAULT.withImageSize(16))) {
      assertThat(network.imageSize()).isEqualTo(16);
    }
  }

  /** Untrained baseline files (only the loading contract matters) open as their architecture. */
  private static Path saveUnit(Path tmp, FlatColourDomains data) {
    Path unit = tmp.resolve("unit.safetensors");
    UnitTrainer.builder()
        .config(UnitTrainerConfig.builder().generator(2, 1, 2).discriminator(2, 1, 1).build())
        .data(data)
        .checkpoint(tmp.resolve("unit-checkpoint.safetensors"))
        .build()
        .saveModel(unit);
    return unit;
  }

  private static Path saveMunit(Path tmp, FlatColourDomains data) {
    Path munit = tmp.resolve("munit.safetensors");
    MunitTrainer.builder()
        .config(
            MunitTrainerConfig.builder()
                .generator(new AdaInGenerator.Shape(new GeneratorShape(2, 1, 1), 2, 4, 2, 2))
                .discriminator(2, 1, 1)
                .build())
        .data(data)
        .checkpoint(tmp.resolve("munit-checkpoint.safetensors"))
        .build()
        .saveModel(munit);
    return munit;
  }

  /** A copy of {@code file} without tensor {@code dropped}, metadata kept. */
  private static Path without(Path file, String dropped, Path out) {
    SafeTensorsFile source = SafeTensors.read(file);
    assertThat(source.names()).contains(dropped);
    SafeTensorsWriter writer = SafeTensors.writer();
    source.metadata().forEach(writer::metadata);
    for (String name : source.names()) {
      if (!name.equals(dropped)) {
        writer.add(name, source.get(name));
      }
    }
    writer.write(out);
    return out;
  }

  @Test
  void everyBaselineTrainersFileOpensAsItsArchitecture(@TempDir Path tmp) {
    FlatColourDomains data = new FlatColourDomains(16);
    Path unit = saveUnit(tmp, data);
    Path munit = saveMunit(tmp, data);
    INDArray x = data.images(FlatColourDomains.A, 2, new SplitMix64(1));

    try (TranslationNetwork network = TranslationNetworks.load(unit)) {
      assertThat(network.architecture()).isEqualTo(ModelFile.UNIT);
      assertThat(network.isMultimodal()).isFalse();
      assertThat(network.translate(x, null).shape()).containsExactly(2, 3, 16, 16);
    }
    try (TranslationNetwork network = TranslationNetworks.load(munit)) {
      assertThat(network.architecture()).isEqualTo(ModelFile.MUNIT);
      INDArray codes = network.sampleStyles(2, new SplitMix64(2));
      assertThat(codes.shape()).containsExactly(2, network.styleDim());
      assertThat(network.translate(x, codes).shape()).containsExactly(2, 3, 16, 16);
    }
  }

  @Test
  void aModelMissingOneTensorNamesThatTensorAsMissing(@TempDir Path tmp) {
    // The trial: a UNIT file without one weight of its 2nd residual block was read as a 1-block
    // model, and the load listed that block's other tensors as "unexpected", never the missing one.
    FlatColourDomains data = new FlatColourDomains(16);
    String unitKey = "gen_a.enc.model.2.model.1.model.0.conv.weight";
    String munitKey = "gen_a.enc_content.model.2.model.0.model.0.conv.weight";
    Path unit = without(saveUnit(tmp, data), unitKey, tmp.resolve("unit-1.safetensors"));
    Path munit = without(saveMunit(tmp, data), munitKey, tmp.resolve("munit-1.safetensors"));

    for (var c : java.util.Map.of(unit, unitKey, munit, munitKey).entrySet()) {
      assertThatThrownBy(() -> TranslationNetworks.load(c.getKey()))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("missing: variable '" + c.getValue() + "'")
          .hasMessageNotContaining("unexpected");
    }
  }

  @Test
  void anUnknownArchitectureIsNamedWithTheKnownOnes(@TempDir Path tmp) {
    assertThatThrownBy(
            () -> TranslationNetworks.load(copyWith(tmp, ModelFile.ARCHITECTURE, "pix2pix")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("unknown architecture 'pix2pix'")
        .hasMessageContaining(ModelFile.GPUNIT);
  }

  @Test
  void aMalformedImageSizeIsReported(@TempDir Path tmp) {
    assertThatThrownBy(() -> TranslationNetworks.load(copyWith(tmp, ModelFile.IMAGE_SIZE, "big")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(ModelFile.IMAGE_SIZE)
        .hasMessageContaining("'big'");
  }

  @Test
  void aMalformedContentResolutionIsReported(@TempDir Path tmp) {
    assertThatThrownBy(
            () -> TranslationNetworks.load(copyWith(tmp, ModelFile.CONTENT_RESOLUTION, "-128")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(ModelFile.CONTENT_RESOLUTION)
        .hasMessageContaining("'-128'");
  }

  @Test
  void aMissingFileIsReported(@TempDir Path tmp) {
    assertThatThrownBy(() -> TranslationNetworks.load(tmp.resolve("nope.safetensors")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no such file");
  }
}

package io.gpunit.models.gpunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPairs;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.image.Resize;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.models.ModelFile;
import io.gpunit.models.ModelLoadException;
import io.gpunit.models.evaluation.Correspondence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
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

  @Test
  void theBundledEncoderSaysHowItWasTrained() {
    ContentEncoderFile bundled = ContentEncoderFile.bundled();

    assertThat(bundled.resolution()).isEqualTo(256);
    assertThat(bundled.weights()).containsKey("layer1.0.conv.weight_orig");
    assertThat(ContentEncoderFile.bundledMetadata())
        .containsKeys(
            ContentEncoderFile.TRAINING,
            ContentEncoderFile.STEPS,
            ContentEncoderFile.SECONDS,
            ContentEncoderFile.CORRESPONDENCE);
  }

  /**
   * A trained encoder gives one latent rendered as two classes nearby codes: on pairs of a seed no
   * stage-1 step drew from, the paired distance is far below the distance to the other renders (an
   * untrained encoder's ratio is about 0.9) and each a finds its own b.
   */
  @Test
  void theBundledEncoderMapsCorrespondingRendersOfTwoClassesToNearbyCodes() {
    ContentEncoderFile bundled = ContentEncoderFile.bundled();
    ContentEncoderConfig config =
        ContentEncoderConfig.builder()
            .nef((int) bundled.weights().get("layer1.0.conv.weight_orig").size(0))
            .contentChannels((int) bundled.weights().get("layer6.1.conv.weight_orig").size(0))
            .resolution(bundled.resolution())
            .build();
    Scope root = Scope.root(SameDiff.create(), Mode.INFERENCE, 0);
    SDVariable x = root.sd().placeHolder("x", DataType.FLOAT, -1, 3, 256, 256);
    new ContentEncoder(config).apply(root.child("e"), x).code().rename("code");
    bundled.weights().forEach((name, w) -> root.sd().getArrForVarName("e." + name).assign(w));
    SyntheticPairs pairs =
        SyntheticPrior.builder()
            .size(64)
            .build()
            .pairs(24, SyntheticClass.DOG, SyntheticClass.CAT, new Random(20261206));

    Correspondence c = Correspondence.of(code(root.sd(), pairs.a()), code(root.sd(), pairs.b()));

    assertThat(c.ratio()).as("paired / unpaired distance").isLessThan(0.5);
    assertThat(c.retrieval()).isGreaterThan(0.8);
  }

  private static INDArray code(SameDiff sd, INDArray images) {
    INDArray x = Resize.bilinear(images.castTo(DataType.FLOAT), 256, 256);
    return Inference.output(sd, Map.of("x", x), "code").get("code");
  }
}

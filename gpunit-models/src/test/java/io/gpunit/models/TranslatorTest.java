package io.gpunit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.image.Images;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.core.weights.torch.TorchFiles;
import io.gpunit.models.cyclegan.CycleGanTrainer;
import io.gpunit.models.cyclegan.CycleGanTrainerConfig;
import io.gpunit.models.training.data.UnpairedBatches;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class TranslatorTest {

  private static Path dir;
  private static SafeTensorsFile reference;
  private static Translator translator;

  @BeforeAll
  static void loadFixture() {
    String root = System.getProperty("gpunit.fixtures.dir");
    if (root == null || root.isBlank()) {
      throw new IllegalStateException(
          "system property gpunit.fixtures.dir is not set; run through Maven (Surefire sets it)");
    }
    dir = Paths.get(root).resolve("gpunit-reference/dev-nf8-s1234-64").toAbsolutePath();
    if (!Files.isRegularFile(dir.resolve("model.safetensors"))) {
      throw new IllegalStateException("GP-UNIT fixture model not found in " + dir);
    }
    reference = SafeTensors.read(dir.resolve("reference.safetensors"));
    translator = Translator.builder().load(model()).seed(7).build();
  }

  @AfterAll
  static void close() {
    translator.close();
  }

  private static Path model() {
    return dir.resolve("model.safetensors");
  }

  /**
   * input.x is 64²: the official content encoder resizes it to 256² inside, the Translator before.
   */
  @Test
  void translateTensorMatchesTheOfficialExemplarTranslation() {
    INDArray out =
        translator.translateTensor(
            reference.getAsFloat("input.x"), reference.getAsFloat("input.y"));
    INDArray expected = reference.getAsFloat("output.g.out");

    assertThat(out.shape()).containsExactly(expected.shape());
    assertThat(relL2(out, expected)).isLessThan(1e-4);
  }

  /**
   * The released .pt pair (content_encoder.pt + {"g_ema", "sampler"}) loads as the converted file.
   */
  @Test
  void officialCheckpointPairTranslatesAsTheConvertedFile(@TempDir Path tmp) throws Exception {
    TorchFiles.OfficialPair pt = TorchFiles.saveAsOfficialGpUnit(SafeTensors.read(model()), tmp);

    INDArray out;
    try (Translator official =
        Translator.builder().loadOfficial(pt.contentEncoder(), pt.task()).build()) {
      out =
          official.translateTensor(
              reference.getAsFloat("input.x"), reference.getAsFloat("input.y"));
    }

    assertThat(relL2(out, reference.getAsFloat("output.g.out"))).isLessThan(1e-4);
  }

  @Test
  void aTaskFileWithoutTheSamplerIsRejectedByName(@TempDir Path tmp) throws Exception {
    TorchFiles.OfficialPair pt =
        TorchFiles.saveAsOfficialGpUnit(SafeTensors.read(model()), tmp, "g_ema");

    assertThatThrownBy(
            () -> Translator.builder().loadOfficial(pt.contentEncoder(), pt.task()).build())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("task.pt")
        .hasMessageContaining("sampler");
  }

  @Test
  void sampledTranslationsAreReproducibleFromTheSeed() {
    BufferedImage content = image(0);
    BufferedImage a;
    BufferedImage again;
    BufferedImage other;
    try (Translator same = Translator.builder().load(model()).seed(7).build();
        Translator different = Translator.builder().load(model()).seed(8).build()) {
      a = translator.translate(content);
      again = same.translate(content);
      other = different.translate(content);
    }
    assertThat(pixels(again)).isEqualTo(pixels(a));
    assertThat(pixels(other)).isNotEqualTo(pixels(a));
    assertThat(a.getWidth()).isEqualTo(256);
  }

  @Test
  void manySamplesStartWithTheSingleSampleAndDiffer() {
    INDArray codes = translator.sampledStyleCodes(3);
    INDArray first = translator.sampledStyleCodes(1);
    // Equal up to float rounding: BLAS may sum in another order for another batch size.
    assertThat(relL2(codes.getRow(0), first.getRow(0))).isLessThan(1e-6);
    assertThat(relL2(codes.getRow(1), codes.getRow(0))).isGreaterThan(0.01);
  }

  @Test
  void interpolationEndsAtTheTwoExemplarStyles() {
    BufferedImage content = image(0);
    BufferedImage styleA = image(1);
    BufferedImage styleB = image(2);
    List<BufferedImage> steps = translator.interpolate(content, styleA, styleB, 2);
    float[] a = translator.styleCode(styleA);
    float[] b = translator.styleCode(styleB);

    INDArray codes = Nd4j.createFromArray(new float[][] {a, b});
    INDArray contents = Nd4j.concat(0, tensor(content), tensor(content));
    List<BufferedImage> direct = Images.toImages(translator.translateWithCodes(contents, codes));
    assertThat(pixels(steps.get(0))).isEqualTo(pixels(direct.get(0)));
    assertThat(pixels(steps.get(1))).isEqualTo(pixels(direct.get(1)));
    assertThat(pixels(steps.get(0))).isNotEqualTo(pixels(steps.get(1)));
  }

  @Test
  void concurrentCallsGiveTheSingleThreadedResults() throws Exception {
    INDArray x = reference.getAsFloat("input.x");
    INDArray y = reference.getAsFloat("input.y");
    List<INDArray> xs = List.of(slice(x, 0), slice(x, 1));
    List<INDArray> ys = List.of(slice(y, 0), slice(y, 1));
    List<INDArray> expected = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      expected.add(translator.translateTensor(xs.get(i), ys.get(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<INDArray>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int i = t % 2;
        futures.add(pool.submit(() -> translator.translateTensor(xs.get(i), ys.get(i))));
      }
      for (int t = 0; t < 8; t++) {
        assertThat(futures.get(t).get()).isEqualTo(expected.get(t % 2));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A CycleGAN file (untrained: only the contract matters) loads through the same builder. */
  @Test
  void unimodalModelsTranslateButRejectStyleRequests(@TempDir Path tmp) {
    Path file = tmp.resolve("cyclegan.safetensors");
    CycleGanTrainer.builder()
        .config(
            CycleGanTrainerConfig.builder()
                .ngf(2)
                .generatorBlocks(1)
                .ndf(2)
                .discriminatorLayers(2)
                .build())
        .data(
            UnpairedBatches.synthetic(
                SyntheticPrior.builder().size(16).build(), SyntheticClass.CAT, SyntheticClass.CAR))
        .checkpoint(tmp.resolve("checkpoint.safetensors"))
        .build()
        .saveModel(file);
    BufferedImage photo = image(0);
    try (Translator cyclegan = Translator.builder().load(file).build()) {
      assertThat(cyclegan.imageSize()).as("the size the file was trained at").isEqualTo(16);
      assertThat(cyclegan.network().isMultimodal()).isFalse();
      BufferedImage out = cyclegan.translate(photo);
      assertThat(out.getWidth()).isEqualTo(16);
      assertThat(cyclegan.translateBatch(List.of(photo, photo))).hasSize(2);
      assertThatThrownBy(() -> cyclegan.translate(photo, photo))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("cyclegan model is unimodal");
      assertThatThrownBy(() -> cyclegan.translateSamples(photo, 3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no styles to sample");
    }
  }

  @Test
  void aMissingFileIsReported() {
    Path missing = dir.resolve("no-such-model.safetensors");
    assertThatThrownBy(() -> Translator.builder().load(missing).build())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no-such-model.safetensors")
        .hasMessageContaining("no such file");
  }

  @Test
  void aCorruptFileIsReported(@TempDir Path tmp) throws Exception {
    Path corrupt = tmp.resolve("corrupt.safetensors");
    Files.write(corrupt, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    assertThatThrownBy(() -> Translator.builder().load(corrupt).build())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("corrupt.safetensors")
        .hasMessageContaining("not a readable safetensors file");
  }

  @Test
  void anotherKindOfModelIsReported() {
    byte[] other =
        SafeTensors.writer().add("netG.conv.weight", Nd4j.zeros(DataType.FLOAT, 2, 2)).toBytes();
    assertThatThrownBy(() -> Translator.builder().load(new ByteArrayInputStream(other)).build())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("not a GP-UNIT model")
        .hasMessageContaining("content_encoder.*")
        .hasMessageContaining("[netG]");
  }

  @Test
  void absurdImageSizesAreRejected() {
    assertThatThrownBy(() -> Translator.builder().load(model()).imageSize(4).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("imageSize must be between 8 and 4096");
    assertThatThrownBy(() -> Translator.builder().load(model()).imageSize(10_000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 10000");
  }

  @Test
  void badTensorsAreRejectedBeforeRunning() {
    INDArray nan = Nd4j.zeros(DataType.FLOAT, 1, 3, 16, 16);
    nan.putScalar(new long[] {0, 1, 2, 3}, Float.NaN);
    INDArray ok = Nd4j.zeros(DataType.FLOAT, 1, 3, 16, 16);
    assertThatThrownBy(() -> translator.translateTensor(nan, ok))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("content contains NaN");
    INDArray fourChannels = Nd4j.zeros(DataType.FLOAT, 1, 4, 16, 16);
    assertThatThrownBy(() -> translator.translateTensor(ok, fourChannels))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("style must be a non-empty [N,3,H,W] batch");
  }

  private static BufferedImage image(int index) {
    INDArray batch = reference.getAsFloat(index < 2 ? "input.x" : "input.y");
    return Images.toImage(slice(batch, index % 2));
  }

  private static INDArray tensor(BufferedImage image) {
    return io.gpunit.core.image.ResizePolicy.SQUASH.apply(Images.toTensor(image), 256, 256);
  }

  private static INDArray slice(INDArray batch, int i) {
    return batch.get(NDArrayIndex.interval(i, i + 1)).dup();
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  private static double relL2(INDArray actual, INDArray expected) {
    INDArray a = actual.castTo(DataType.DOUBLE);
    INDArray b = expected.castTo(DataType.DOUBLE);
    return a.sub(b).norm2Number().doubleValue() / b.norm2Number().doubleValue();
  }
}

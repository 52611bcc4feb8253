package io.gpunit.models.munit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.models.ModelFile;
import io.gpunit.models.baselines.GeneratorShape;
import io.gpunit.models.training.data.FlatColourDomains;
import io.gpunit.models.training.loop.TrainingSchedule;
import io.gpunit.models.training.random.RandomArrays;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One tiny MUNIT run on flat-colour domains, shared by the tests that inspect its result. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MunitTrainerTest {

  private static final int SIZE = 8;
  private static final int STEPS = 12;

  @TempDir static Path dir;

  private final FlatColourDomains data = new FlatColourDomains(SIZE);
  private MunitTrainer trainer;
  private INDArray xa;
  private INDArray styles;
  private double[] before;

  /** Width 2, one downsampling, one residual block, style dim 2, one-layer single-scale critic. */
  static MunitTrainerConfig tiny() {
    return MunitTrainerConfig.builder()
        .generator(new AdaInGenerator.Shape(new GeneratorShape(2, 1, 1), 2, 4, 2, 2))
        .discriminator(2, 1, 1)
        .batchSize(2)
        .lr(2e-3)
        .seed(3)
        .build();
  }

  @BeforeAll
  void train() {
    trainer =
        MunitTrainer.builder().config(tiny()).data(data).checkpoint(dir.resolve("ck")).build();
    xa = data.images(FlatColourDomains.A, 4, new SplitMix64(1));
    styles = RandomArrays.gaussian(new SplitMix64(2), DataType.FLOAT, 4, 2);
    before = FlatColourDomains.meanColour(trainer.translate(xa, styles));
    trainer.loop(TrainingSchedule.of(STEPS)).build().run(0);
  }

  @Test
  void reconstructionLossFalls() {
    List<Double> recon = trainer.history().values("recon_x_a");
    assertThat(recon).hasSize(STEPS);
    assertThat(mean(recon.subList(STEPS - 3, STEPS))).isLessThan(mean(recon.subList(0, 3)));
  }

  @Test
  void translationsMoveTowardDomainB() {
    double[] after = FlatColourDomains.meanColour(trainer.translate(xa, styles));
    assertThat(FlatColourDomains.distance(after, FlatColourDomains.B))
        .isLessThan(FlatColourDomains.distance(before, FlatColourDomains.B));
  }

  @Test
  void reportsEveryOfficialTerm() {
    assertThat(trainer.history().termNames())
        .containsExactly(
            "dis_a",
            "dis_b",
            "gen_adv_a",
            "gen_adv_b",
            "recon_x_a",
            "recon_x_b",
            "recon_s_a",
            "recon_s_b",
            "recon_c_a",
            "recon_c_b");
  }

  @Test
  void savedModelTranslatesAsTheTrainer() {
    Path file = dir.resolve("munit.safetensors");
    trainer.saveModel(file);
    SafeTensorsFile weights = SafeTensors.read(file);
    assertThat(weights.metadata())
        .containsEntry(ModelFile.ARCHITECTURE, ModelFile.MUNIT)
        .containsEntry(ModelFile.IMAGE_SIZE, Integer.toString(SIZE))
        .containsEntry(ModelFile.DOMAINS, data.toString());
    assertThat(weights.names())
        .contains("gen_a.enc_content.model.0.conv.weight", "gen_b.mlp.model.0.fc.weight")
        .noneMatch(name -> name.startsWith("dis_"));
    try (MunitNetwork network = MunitNetwork.fromWeights(weights, SIZE)) {
      assertThat(network.styleDim()).isEqualTo(2);
      assertThat(network.shape()).isEqualTo(tiny().generator());
      INDArray expected = trainer.translate(xa, styles);
      INDArray actual = network.translate(xa, styles);
      assertThat(actual.shape()).containsExactly(4, 3, SIZE, SIZE);
      assertThat(maxAbsDiff(actual, expected)).isLessThan(1e-5);
    }
  }

  @Test
  void differentStyleCodesGiveDifferentTranslations() {
    Path file = dir.resolve("styles.safetensors");
    trainer.saveModel(file);
    try (MunitNetwork network = MunitNetwork.fromWeights(SafeTensors.read(file), SIZE)) {
      INDArray one = network.translate(xa, network.sampleStyles(4, new SplitMix64(5)));
      INDArray other = network.translate(xa, network.sampleStyles(4, new SplitMix64(6)));
      assertThat(maxAbsDiff(one, other)).isGreaterThan(1e-3);
      INDArray codes = network.encodeStyle(data.images(FlatColourDomains.B, 3, new SplitMix64(7)));
      assertThat(codes.shape()).containsExactly(3, 2);
      assertThatThrownBy(() -> network.translate(xa, codes))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("style codes must be [4, 2]");
    }
  }

  @Test
  void sampledStylesDependOnlyOnTheGenerator() {
    Path file = dir.resolve("sample.safetensors");
    trainer.saveModel(file);
    try (MunitNetwork network = MunitNetwork.fromWeights(SafeTensors.read(file), SIZE)) {
      INDArray codes = network.sampleStyles(3, new SplitMix64(9));
      assertThat(codes).isEqualTo(RandomArrays.gaussian(new SplitMix64(9), DataType.FLOAT, 3, 2));
    }
  }

  @Test
  void rejectsImagesTooSmallForTheDiscriminator() {
    MunitTrainerConfig config =
        MunitTrainerConfig.builder()
            .generator(new AdaInGenerator.Shape(new GeneratorShape(2, 1, 1), 2, 4, 2, 2))
            .discriminator(2, 3, 2)
            .build();
    assertThatThrownBy(
            () ->
                MunitTrainer.builder()
                    .config(config)
                    .data(data)
                    .checkpoint(dir.resolve("x"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image size 8 is too small for a discriminator with 3 layers");
  }

  static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  static double maxAbsDiff(INDArray x, INDArray y) {
    return x.castTo(DataType.DOUBLE).sub(y.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
  }

  static Map<String, INDArray> weights(MunitTrainer t) {
    return t.generatorWeights();
  }
}

package io.gpunit.models.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.models.ModelFile;
import io.gpunit.models.training.data.FlatColourDomains;
import io.gpunit.models.training.loop.TrainingSchedule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One tiny UNIT run on flat-colour domains, shared by the tests that inspect its result. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnitTrainerTest {

  private static final int SIZE = 8;
  private static final int STEPS = 12;

  @TempDir static Path dir;

  private final FlatColourDomains data = new FlatColourDomains(SIZE);
  private UnitTrainer trainer;
  private INDArray xa;
  private double[] before;

  /** Width 2, one downsampling, two residual blocks (one shared per side), one-layer critic. */
  static UnitTrainerConfig tiny() {
    return UnitTrainerConfig.builder()
        .generator(2, 1, 2)
        .sharedBlocks(1, 1)
        .discriminator(2, 1, 1)
        .batchSize(2)
        .lr(2e-3)
        .seed(5)
        .build();
  }

  @BeforeAll
  void train() {
    trainer = UnitTrainer.builder().config(tiny()).data(data).checkpoint(dir.resolve("ck")).build();
    xa = data.images(FlatColourDomains.A, 4, new SplitMix64(1));
    before = FlatColourDomains.meanColour(trainer.translate(xa));
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
    double[] after = FlatColourDomains.meanColour(trainer.translate(xa));
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
            "kl_a",
            "kl_b",
            "cyc_x_a",
            "cyc_x_b",
            "kl_cyc_aba",
            "kl_cyc_bab");
  }

  @Test
  void sharedBlocksAreOneVariableInTheGraph() {
    var sd = trainer.generatorGraph();
    // Encoder: model.0 input conv, model.1 downsampling, model.2 residual blocks; the last is
    // shared.
    assertThat(sd.hasVariable("gen_a.enc.model.2.model.1.model.0.conv.weight")).isTrue();
    assertThat(sd.hasVariable("gen_b.enc.model.2.model.1.model.0.conv.weight")).isFalse();
    assertThat(sd.hasVariable("gen_b.enc.model.2.model.0.model.0.conv.weight")).isTrue();
    // Decoder: the first residual block is shared.
    assertThat(sd.hasVariable("gen_a.dec.model.0.model.0.model.0.conv.weight")).isTrue();
    assertThat(sd.hasVariable("gen_b.dec.model.0.model.0.model.0.conv.weight")).isFalse();
    assertThat(sd.hasVariable("gen_b.dec.model.0.model.1.model.0.conv.weight")).isTrue();
  }

  @Test
  void savedModelTranslatesAsTheTrainer() {
    Path file = dir.resolve("unit.safetensors");
    trainer.saveModel(file);
    SafeTensorsFile weights = SafeTensors.read(file);
    assertThat(weights.metadata())
        .containsEntry(ModelFile.ARCHITECTURE, ModelFile.UNIT)
        .containsEntry(ModelFile.IMAGE_SIZE, Integer.toString(SIZE));
    // The shared blocks are stored under both generators' official names, with equal values.
    String shared = "enc.model.2.model.1.model.0.conv.weight";
    assertThat(weights.get("gen_b." + shared)).isEqualTo(weights.get("gen_a." + shared));
    try (UnitNetwork network = UnitNetwork.fromWeights(weights, SIZE)) {
      assertThat(network.styleDim()).isZero();
      assertThat(network.isMultimodal()).isFalse();
      INDArray expected = trainer.translate(xa);
      INDArray actual = network.translate(xa, null);
      assertThat(actual.shape()).containsExactly(4, 3, SIZE, SIZE);
      assertThat(
              actual
                  .castTo(DataType.DOUBLE)
                  .sub(expected.castTo(DataType.DOUBLE))
                  .amaxNumber()
                  .doubleValue())
          .isLessThan(1e-5);
      assertThatThrownBy(() -> network.sampleStyles(1, new SplitMix64(0)))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("UNIT is unimodal");
      assertThatThrownBy(() -> network.encodeStyle(xa))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("encodeStyle");
      assertThatThrownBy(
              () ->
                  network.translate(
                      xa.get(
                          org.nd4j.linalg.indexing.NDArrayIndex.all(),
                          org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)),
                      null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("content must be [N, 3, 8, 8]");
    }
  }

  @Test
  void rejectsMoreSharedBlocksThanThereAre() {
    assertThatThrownBy(
            () -> UnitTrainerConfig.builder().generator(2, 1, 2).sharedBlocks(3, 0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sharedEncoderBlocks must be in [0, nRes = 2], got 3");
  }

  static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}

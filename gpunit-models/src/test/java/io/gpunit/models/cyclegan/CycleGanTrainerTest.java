package io.gpunit.models.cyclegan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.models.ModelFile;
import io.gpunit.models.training.data.FlatColourDomains;
import io.gpunit.models.training.loop.LossHistory;
import io.gpunit.models.training.loop.TrainingSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class CycleGanTrainerTest {

  private static final int SIZE = 16;
  private static final int LEARNING_STEPS = 12;

  @TempDir Path dir;

  private static CycleGanTrainerConfig.Builder tiny() {
    return CycleGanTrainerConfig.builder()
        .ngf(4)
        .generatorBlocks(1)
        .ndf(4)
        .discriminatorLayers(2)
        .batchSize(2)
        .poolSize(3)
        .seed(7);
  }

  private CycleGanTrainer trainer(CycleGanTrainerConfig config, String checkpoint) {
    return CycleGanTrainer.builder()
        .config(config)
        .data(new FlatColourDomains(SIZE))
        .checkpoint(dir.resolve(checkpoint))
        .domains("red->blue")
        .build();
  }

  @Test
  void officialRecipeIsTheDefault() {
    CycleGanTrainerConfig c = CycleGanTrainerConfig.builder().build();
    assertThat(
            List.of(
                c.ngf(),
                c.generatorBlocks(),
                c.ndf(),
                c.discriminatorLayers(),
                c.batchSize(),
                c.poolSize()))
        .containsExactly(64, 9, 64, 3, 1, 50);
    assertThat(
            new double[] {
              c.adam().lr(),
              c.adam().beta1(),
              c.adam().beta2(),
              c.lambdaA(),
              c.lambdaB(),
              c.lambdaIdentity(),
              c.initGain()
            })
        .containsExactly(2e-4, 0.5, 0.999, 10, 10, 0.5, 0.02);
  }

  @Test
  void reportsTheOfficialLossTerms() {
    CycleGanTrainer t = trainer(tiny().build(), "terms.safetensors");
    Map<String, Double> losses = t.run(0);
    assertThat(losses.keySet())
        .containsExactly("G_A", "G_B", "cycle_A", "cycle_B", "idt_A", "idt_B", "D_A", "D_B");
    assertThat(losses.values()).allMatch(v -> Double.isFinite(v) && v >= 0);
    assertThat(t.poolA().size()).isEqualTo(2);
    assertThat(t.poolB().size()).isEqualTo(2);
  }

  @Test
  void learnsToTurnRedImagesBlue() {
    CycleGanTrainer t = trainer(tiny().lr(2e-3).build(), "learn.safetensors");
    FlatColourDomains data = new FlatColourDomains(SIZE);
    INDArray test = data.images(FlatColourDomains.A, 4, new SplitMix64(99));
    double[] before = FlatColourDomains.meanColour(t.translate(test));
    t.loop(TrainingSchedule.of(LEARNING_STEPS)).build().run(0);
    double[] after = FlatColourDomains.meanColour(t.translate(test));

    double toBBefore = FlatColourDomains.distance(before, FlatColourDomains.B);
    double toBAfter = FlatColourDomains.distance(after, FlatColourDomains.B);
    double toAAfter = FlatColourDomains.distance(after, FlatColourDomains.A);
    assertThat(toBAfter).isLessThan(0.5 * toBBefore);
    assertThat(toBAfter).isLessThan(toAAfter);

    LossHistory h = t.history();
    for (String term : List.of("cycle_A", "cycle_B", "idt_A", "idt_B")) {
      assertThat(mean(h.values(term).subList(LEARNING_STEPS - 4, LEARNING_STEPS)))
          .as(term)
          .isLessThan(0.5 * mean(h.values(term).subList(0, 4)));
    }
  }

  @Test
  void resumingReproducesTheUninterruptedRun() throws Exception {
    CycleGanTrainerConfig config = tiny().build();
    // The uninterrupted run: 2 steps (checkpointed), then 2 more in the same trainer.
    CycleGanTrainer straight = trainer(config, "straight.safetensors");
    straight.loop(TrainingSchedule.of(2)).build().run(0);
    Files.copy(dir.resolve("straight.safetensors"), dir.resolve("resumed.safetensors"));
    straight.loop(TrainingSchedule.of(4)).build().run(2);

    CycleGanTrainer resumed = trainer(config, "resumed.safetensors");
    long start = resumed.resume();
    assertThat(start).isEqualTo(2);
    assertThat(resumed.poolB().size()).isEqualTo(3);
    assertThat(resumed.history().size()).isEqualTo(2);
    resumed.loop(TrainingSchedule.of(4)).build().run(start);

    Map<String, INDArray> expected = straight.trainingRun().checkpointer().capture(4).tensors();
    Map<String, INDArray> actual = resumed.trainingRun().checkpointer().capture(4).tensors();
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    assertThat(actual.keySet())
        .anyMatch(k -> k.startsWith("netG_B."))
        .anyMatch(k -> k.startsWith("netD_A."))
        .anyMatch(k -> k.startsWith("optim.D."))
        .contains("pool.fake_A", "pool.fake_B");
    expected.forEach((name, value) -> assertThat(actual.get(name)).as(name).isEqualTo(value));
    assertThat(resumed.history().values("D_A")).isEqualTo(straight.history().values("D_A"));
  }

  @Test
  void savedModelLoadsAsTheTrainersGenerator() {
    CycleGanTrainer t = trainer(tiny().build(), "save.safetensors");
    t.loop(TrainingSchedule.of(1)).build().run(0);
    Path file = dir.resolve("model.safetensors");
    t.saveModel(file);

    SafeTensorsFile saved = SafeTensors.read(file);
    assertThat(saved.metadata())
        .containsEntry(ModelFile.ARCHITECTURE, ModelFile.CYCLEGAN)
        .containsEntry(ModelFile.IMAGE_SIZE, "16")
        .containsEntry(ModelFile.DOMAINS, "red->blue");
    assertThat(saved.names()).allMatch(n -> n.startsWith("netG_A.model."));
    assertThat(saved.names())
        .contains(
            "netG_A.model.1.weight", "netG_A.model.10.conv_block.5.bias", "netG_A.model.18.weight");

    INDArray x = new FlatColourDomains(SIZE).images(FlatColourDomains.A, 2, new SplitMix64(5));
    try (CycleGanNetwork loaded = CycleGanNetwork.fromWeights(saved, SIZE)) {
      assertThat(loaded.generator().ngf()).isEqualTo(4);
      assertThat(loaded.generator().blocks()).isEqualTo(1);
      assertThat(loaded.translate(x, null)).isEqualTo(t.translate(x));
    }
  }

  @Test
  void rejectsAnImageSizeTheDiscriminatorCannotSee() {
    assertThatThrownBy(
            () ->
                CycleGanTrainer.builder()
                    .config(tiny().discriminatorLayers(4).build())
                    .data(new FlatColourDomains(SIZE))
                    .checkpoint(dir.resolve("x.safetensors"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4-layer");
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}

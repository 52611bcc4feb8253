package io.gpunit.models.munit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.models.baselines.FlatColourDomains;
import io.gpunit.models.training.SplitMix64;
import io.gpunit.models.training.TrainingSchedule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class MunitTrainerTest {

  @TempDir Path dir;

  static MunitTrainer.Config tiny() {
    return MunitTrainer.Config.builder()
        .generator(4, 2, 1, 2, 8)
        .discriminator(4, 2, 2)
        .batchSize(2)
        .lr(1e-3)
        .seed(3)
        .build();
  }

  @Test
  void trainingMovesTranslationsTowardDomainB() {
    FlatColourDomains data = new FlatColourDomains(16);
    MunitTrainer trainer =
        MunitTrainer.builder().config(tiny()).data(data).checkpoint(dir.resolve("ck")).build();
    INDArray xa = data.images(FlatColourDomains.A, 4, new SplitMix64(1));
    INDArray s = io.gpunit.models.training.RandomArrays.gaussian(new SplitMix64(2), xa.dataType(), 4, 2);
    double[] before = FlatColourDomains.meanColour(trainer.translate(xa, s));
    long t0 = System.nanoTime();
    trainer.loop(TrainingSchedule.of(40)).build().run(0);
    System.out.printf("MUNIT 16px b2: %.3f s/step%n", (System.nanoTime() - t0) / 40e9);
    double[] after = FlatColourDomains.meanColour(trainer.translate(xa, s));
    List<Double> recon = trainer.history().values("recon_x_a");
    System.out.println("before " + java.util.Arrays.toString(before) + " after " + java.util.Arrays.toString(after));
    System.out.println("recon " + recon.get(0) + " -> " + recon.get(recon.size() - 1));
    assertThat(FlatColourDomains.distance(after, FlatColourDomains.B))
        .isLessThan(FlatColourDomains.distance(before, FlatColourDomains.B));
  }
}

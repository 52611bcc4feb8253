package io.gpunit.models.munit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.models.training.FlatColourDomains;
import io.gpunit.models.training.TrainingSchedule;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class MunitResumeTest {

  @TempDir Path dir;

  @Test
  void resumedRunEndsWithTheSameWeightsAsAStraightOne() {
    FlatColourDomains data = new FlatColourDomains(8);
    MunitTrainer straight =
        MunitTrainer.builder()
            .config(MunitTrainerTest.tiny())
            .data(data)
            .checkpoint(dir.resolve("straight"))
            .build();
    straight.loop(TrainingSchedule.of(2)).build().run(0);

    Path checkpoint = dir.resolve("interrupted");
    MunitTrainer first =
        MunitTrainer.builder()
            .config(MunitTrainerTest.tiny())
            .data(data)
            .checkpoint(checkpoint)
            .build();
    first.loop(TrainingSchedule.of(1)).build().run(0);
    MunitTrainer second =
        MunitTrainer.builder()
            .config(MunitTrainerTest.tiny())
            .data(data)
            .checkpoint(checkpoint)
            .build();
    long start = second.resume();
    assertThat(start).isEqualTo(1);
    second.loop(TrainingSchedule.of(2)).build().run(start);

    Map<String, INDArray> expected = straight.generatorWeights();
    Map<String, INDArray> actual = second.generatorWeights();
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((name, value) -> assertThat(actual.get(name)).as(name).isEqualTo(value));
    assertThat(second.history().values("recon_x_a"))
        .isEqualTo(straight.history().values("recon_x_a"));
  }
}

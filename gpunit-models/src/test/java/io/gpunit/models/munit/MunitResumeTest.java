package io.gpunit.models.munit;

import io.gpunit.models.training.data.FlatColourDomains;
import io.gpunit.models.training.loop.ResumeContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MunitResumeTest {

  @TempDir Path dir;

  @Test
  void resumedRunEndsWithTheSameWeightsAsAStraightOne() {
    FlatColourDomains data = new FlatColourDomains(8);
    ResumeContract.assertResumedRunMatchesStraightRun(
        dir,
        checkpoint ->
            MunitTrainer.builder()
                .config(MunitTrainerTest.tiny())
                .data(data)
                .checkpoint(checkpoint)
                .build(),
        MunitTrainer::generatorWeights);
  }
}

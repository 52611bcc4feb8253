package io.gpunit.models.unit;

import io.gpunit.models.training.data.FlatColourDomains;
import io.gpunit.models.training.loop.ResumeContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitResumeTest {

  @TempDir Path dir;

  @Test
  void resumedRunEndsWithTheSameWeightsAsAStraightOne() {
    FlatColourDomains data = new FlatColourDomains(8);
    ResumeContract.assertResumedRunMatchesStraightRun(
        dir,
        checkpoint ->
            UnitTrainer.builder()
                .config(UnitTrainerTest.tiny())
                .data(data)
                .checkpoint(checkpoint)
                .build(),
        UnitTrainer::generatorWeights);
  }
}

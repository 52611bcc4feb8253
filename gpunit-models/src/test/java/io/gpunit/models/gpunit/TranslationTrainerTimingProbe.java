package io.gpunit.models.gpunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** Seconds per step at 32² and 64², batch 4; run with -Dgpunit.timing=true. */
@EnabledIfSystemProperty(named = "gpunit.timing", matches = "true")
class TranslationTrainerTimingProbe {

  @TempDir Path dir;

  @Test
  void reportsSecondsPerStep() {
    for (int size : new int[] {32, 64}) {
      TranslationTrainer t =
          TranslationTrainer.builder()
              .config(TranslationTrainerFixtures.tinyConfig().batchSize(4).build())
              .data(TranslationTrainerFixtures.flatColours(size))
              .contentEncoder(TranslationTrainerFixtures.contentEncoderWeights(Integer.getInteger("gpunit.nef", 4), 1))
              .checkpoint(dir.resolve("t" + size + ".safetensors"))
              .build();
      t.run(0);
      int steps = 3;
      long start = System.nanoTime();
      Map<String, Double> last = null;
      for (int i = 1; i <= steps; i++) {
        last = t.run(i);
      }
      double seconds = (System.nanoTime() - start) / 1e9 / steps;
      System.out.printf("TIMING size=%d batch=4 seconds/step=%.3f losses=%s%n", size, seconds, last);
      assertThat(last).containsKeys("adv", "d_adv");
    }
  }
}

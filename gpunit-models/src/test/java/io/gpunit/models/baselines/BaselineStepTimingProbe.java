package io.gpunit.models.baselines;

import io.gpunit.models.munit.MunitTrainer;
import io.gpunit.models.munit.MunitTrainerConfig;
import io.gpunit.models.training.data.FlatColourDomains;
import io.gpunit.models.training.loop.TrainingStep;
import io.gpunit.models.unit.UnitTrainer;
import io.gpunit.models.unit.UnitTrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Seconds per training step of the MUNIT and UNIT trainers at the tiny demo widths; a measurement,
 * not a test (run with {@code -Dgpunit.timing=true}, sizes {@code -Dgpunit.timing.sizes=32,64},
 * batches {@code -Dgpunit.timing.batches=1,4}).
 */
@EnabledIfSystemProperty(named = "gpunit.timing", matches = "true")
class BaselineStepTimingProbe {

  private static final int STEPS = 2;

  @Test
  void printSecondsPerStep() throws Exception {
    for (String size : System.getProperty("gpunit.timing.sizes", "32").split(",")) {
      for (String batch : System.getProperty("gpunit.timing.batches", "1").split(",")) {
        int s = Integer.parseInt(size);
        int b = Integer.parseInt(batch);
        Path dir = Files.createTempDirectory("timing");
        FlatColourDomains data = new FlatColourDomains(s);
        MunitTrainer munit =
            MunitTrainer.builder()
                .config(
                    MunitTrainerConfig.builder()
                        .generator(8, 2, 2, 8, 32)
                        .discriminator(8, 3, 2)
                        .batchSize(b)
                        .build())
                .data(data)
                .checkpoint(dir.resolve("munit"))
                .build();
        report("MUNIT", s, b, munit);
        UnitTrainer unit =
            UnitTrainer.builder()
                .config(
                    UnitTrainerConfig.builder()
                        .generator(8, 2, 2)
                        .discriminator(8, 3, 2)
                        .batchSize(b)
                        .build())
                .data(data)
                .checkpoint(dir.resolve("unit"))
                .build();
        report("UNIT", s, b, unit);
      }
    }
  }

  private static void report(String name, int size, int batch, TrainingStep trainer) {
    long t0 = System.nanoTime();
    trainer.run(0);
    long t1 = System.nanoTime();
    for (int i = 1; i <= STEPS; i++) {
      trainer.run(i);
    }
    long t2 = System.nanoTime();
    System.out.printf(
        "TIMING %s %dpx batch %d: first step %.2f s, then %.2f s/step%n",
        name, size, batch, (t1 - t0) / 1e9, (t2 - t1) / 1e9 / STEPS);
  }
}

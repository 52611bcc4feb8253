package io.gpunit.models.gpunit.stage2;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.models.gpunit.ContentEncoderFile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seconds per step, batch 4, at the sizes in -Dgpunit.timing.sizes (default 32,64); run with
 * -Dgpunit.timing=true. Not a unit test: it only prints.
 */
@EnabledIfSystemProperty(named = "gpunit.timing", matches = "true")
class GpUnitTrainerTimingProbe {

  @TempDir Path dir;

  @Test
  void reportsSecondsPerStep() {
    String terms = System.getProperty("gpunit.timing.terms", "adv,sty,con,msk,rec");
    for (String s : System.getProperty("gpunit.timing.sizes", "32,64").split(",")) {
      int size = Integer.parseInt(s);
      long t0 = System.nanoTime();
      GpUnitTrainer t =
          GpUnitTrainer.builder()
              .config(
                  GpUnitTrainerFixtures.tinyConfig()
                      .batchSize(4)
                      .lambdaAdv(terms.contains("adv") ? 1 : 0)
                      .lambdaStyle(terms.contains("sty") ? 50 : 0)
                      .lambdaContent(terms.contains("con") ? 1 : 0)
                      .lambdaMask(terms.contains("msk") ? 1 : 0)
                      .lambdaReconstruction(terms.contains("rec") ? 1 : 0)
                      .r1Gamma(terms.contains("r1") ? 1 : 0)
                      .build())
              .data(GpUnitTrainerFixtures.flatColours(size))
              .contentEncoder(
                  new ContentEncoderFile(
                      GpUnitTrainerFixtures.contentEncoderWeights(
                          Integer.getInteger("gpunit.nef", 4), 1),
                      Integer.getInteger("gpunit.timing.resolution", 256)))
              .checkpoint(dir.resolve("t" + size + ".safetensors"))
              .build();
      long t1 = System.nanoTime();
      t.run(0);
      long t2 = System.nanoTime();
      System.out.printf(
          "TIMING size=%d build=%.1fs first=%.1fs%n", size, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
      int steps = Integer.getInteger("gpunit.timing.steps", 3);
      Map<String, Double> last = null;
      long start = System.nanoTime();
      for (int i = 1; i <= steps; i++) {
        last = t.run(i);
      }
      double seconds = (System.nanoTime() - start) / 1e9 / steps;
      System.out.printf(
          "TIMING size=%d batch=4 seconds/step=%.3f losses=%s%n", size, seconds, last);
      assertThat(last).containsKey("d_adv");
    }
  }
}

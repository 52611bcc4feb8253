package io.gpunit.models.training.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.models.training.checkpoint.Checkpoint;
import io.gpunit.models.training.checkpoint.CheckpointStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StopSignalTest {

  @TempDir Path dir;

  @Test
  void sigtermFinishesTheCurrentStepAndCheckpointsIt() throws Exception {
    Path file = dir.resolve("ckpt.safetensors");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                StopOnSignalProcess.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean signalled = false;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (!signalled && line.equals("STEP 3")) {
          // SIGTERM (runs the shutdown hooks, as Ctrl-C does); Process.destroy would close our
          // pipe.
          child.toHandle().destroy();
          signalled = true;
        }
      }
    } finally {
      child.waitFor(60, TimeUnit.SECONDS);
      child.destroyForcibly();
    }
    List<String> steps = lines.stream().filter(l -> l.startsWith("STEP ")).toList();
    String end = lines.stream().filter(l -> l.startsWith("END ")).findFirst().orElse(null);
    assertThat(end).as("child output:\n%s", String.join("\n", lines)).isNotNull();
    long lastStep = Long.parseLong(steps.get(steps.size() - 1).substring(5));
    assertThat(lastStep).isGreaterThanOrEqualTo(3);
    assertThat(end).isEqualTo("END " + lastStep + " true");

    Checkpoint checkpoint = new CheckpointStore(file).load();
    assertThat(checkpoint.step()).isEqualTo(lastStep);
    LossHistory history = new LossHistory();
    history.loadFrom(checkpoint);
    assertThat(history.size()).isEqualTo((int) lastStep);
  }
}

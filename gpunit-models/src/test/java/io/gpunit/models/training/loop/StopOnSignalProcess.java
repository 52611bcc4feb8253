package io.gpunit.models.training.loop;

import io.gpunit.models.training.checkpoint.CheckpointStore;
import io.gpunit.models.training.checkpoint.Checkpointer;
import io.gpunit.models.training.random.TrainingRandom;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Run in a child JVM by {@link StopSignalTest}: trains "forever" with a {@link StopSignal} on JVM
 * shutdown, printing {@code STEP n} after each step and {@code END n} when the loop ends, so the
 * parent can send SIGTERM and check what was checkpointed.
 */
public final class StopOnSignalProcess {

  private StopOnSignalProcess() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    LossHistory history = new LossHistory();
    TrainingRandom random = new TrainingRandom(1);
    try (StopSignal stop = StopSignal.onShutdown(Duration.ofMinutes(2))) {
      TrainingLoop.builder()
          .step(
              step -> {
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return Map.of("value", random.forStep(step, "v").nextDouble());
              })
          .schedule(TrainingSchedule.of(Long.MAX_VALUE / 2))
          .history(history)
          .checkpointer(
              Checkpointer.builder()
                  .store(new CheckpointStore(file))
                  .part(history)
                  .part(random)
                  .build())
          .stopSignal(stop)
          .listener(
              new TrainingListener() {
                @Override
                public void onStep(long step, Map<String, Double> losses) {
                  System.out.println("STEP " + step);
                  System.out.flush();
                }

                @Override
                public void onEnd(long step, boolean stopped) {
                  System.out.println("END " + step + " " + stopped);
                  System.out.flush();
                }
              })
          .build()
          .run(0);
    }
  }
}

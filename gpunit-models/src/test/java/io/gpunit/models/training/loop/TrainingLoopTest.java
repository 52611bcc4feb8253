package io.gpunit.models.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.models.training.checkpoint.CheckpointStore;
import io.gpunit.models.training.checkpoint.Checkpointer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainingLoopTest {

  @TempDir Path dir;

  @Test
  void resumingFromAMidRunCheckpointGivesBitwiseIdenticalState() {
    int n = 6;
    TinyTrainer straight = new TinyTrainer(dir.resolve("a/ckpt.safetensors"), 7);
    straight.loop(TrainingSchedule.of(n)).build().run(0);

    // The second run is stopped after n/2 steps (as Ctrl-C would), which writes a checkpoint...
    TinyTrainer first = new TinyTrainer(dir.resolve("b/ckpt.safetensors"), 7);
    StopSignal stop = StopSignal.manual();
    TrainingLoop.Outcome half =
        first
            .loop(TrainingSchedule.of(n))
            .stopSignal(stop)
            .listener(
                new TrainingListener() {
                  @Override
                  public void onStep(long step, Map<String, Double> losses) {
                    if (step == n / 2) {
                      stop.request();
                    }
                  }
                })
            .build()
            .run(0);
    assertThat(half).isEqualTo(new TrainingLoop.Outcome(n / 2, true));

    // ...and a fresh trainer (new graph, new initial weights) resumes from it.
    TinyTrainer resumed = new TinyTrainer(dir.resolve("b/ckpt.safetensors"), 7);
    long start = resumed.checkpointer.restore();
    assertThat(start).isEqualTo(n / 2);
    resumed.loop(TrainingSchedule.of(n)).build().run(start);

    Map<String, INDArray> expected = straight.state();
    Map<String, INDArray> actual = resumed.state();
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    assertThat(expected)
        .containsKeys(
            "g.conv1.weight_u", "g.conv1.weight_orig", "g_ema.conv2.bias", "d.conv.weight");
    for (String name : expected.keySet()) {
      assertThat(bits(actual.get(name))).as(name).isEqualTo(bits(expected.get(name)));
    }
    assertThat(resumed.history.steps()).isEqualTo(straight.history.steps());
    for (String term : straight.history.termNames()) {
      assertThat(resumed.history.values(term)).as(term).isEqualTo(straight.history.values(term));
    }
    assertThat(resumed.random.sequential().state()).isEqualTo(straight.random.sequential().state());
  }

  @Test
  void trainingChangesTheGeneratorButNotTheUntrainedCritic() {
    TinyTrainer t = new TinyTrainer(dir.resolve("c.safetensors"), 3);
    Map<String, INDArray> before = t.state();
    t.loop(TrainingSchedule.of(2)).build().run(0);
    Map<String, INDArray> after = t.state();
    assertThat(after.get("d.conv.weight")).isEqualTo(before.get("d.conv.weight"));
    assertThat(after.get("g.conv1.weight_orig")).isNotEqualTo(before.get("g.conv1.weight_orig"));
    assertThat(after.get("g.conv1.weight_u")).isNotEqualTo(before.get("g.conv1.weight_u"));
  }

  @Test
  void firesSamplesAndCheckpointsOnScheduleAndCheckpointsTheLastStep() {
    List<String> events = new ArrayList<>();
    TrainingListener recorder =
        new TrainingListener() {
          @Override
          public void onStart(long startStep, TrainingSchedule schedule) {
            events.add("start " + startStep);
          }

          @Override
          public void onSample(long step) {
            events.add("sample " + step);
          }

          @Override
          public void onCheckpoint(long step, CheckpointStore store) {
            events.add("checkpoint " + step);
          }

          @Override
          public void onEnd(long step, boolean stopped) {
            events.add("end " + step + (stopped ? " stopped" : ""));
          }
        };
    LossHistory history = new LossHistory();
    Checkpointer checkpointer =
        Checkpointer.builder()
            .store(new CheckpointStore(dir.resolve("ckpt.safetensors")))
            .part(history)
            .build();
    TrainingLoop.builder()
        .step(step -> Map.of("l", (double) step))
        .schedule(new TrainingSchedule(7, 3, 4))
        .history(history)
        .checkpointer(checkpointer)
        .listener(recorder)
        .build()
        .run(0);
    assertThat(events)
        .containsExactly(
            "start 0",
            "sample 1",
            "checkpoint 3",
            "sample 4",
            "checkpoint 6",
            "sample 7",
            "checkpoint 7",
            "end 7");
    assertThat(history.values("l")).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
    assertThat(new CheckpointStore(dir.resolve("ckpt.safetensors")).load().step()).isEqualTo(7);
  }

  @Test
  void aFailingStepEndsTheLoopWithoutACheckpoint() {
    CheckpointStore store = new CheckpointStore(dir.resolve("ckpt.safetensors"));
    LossHistory history = new LossHistory();
    TrainingLoop loop =
        TrainingLoop.builder()
            .step(
                step -> {
                  if (step == 1) {
                    throw new IllegalStateException("NaN in the loss");
                  }
                  return Map.of("l", 1.0);
                })
            .schedule(TrainingSchedule.of(5))
            .history(history)
            .checkpointer(Checkpointer.builder().store(store).part(history).build())
            .build();
    assertThatThrownBy(() -> loop.run(0)).hasMessageContaining("NaN in the loss");
    assertThat(store.exists()).isFalse();
  }

  @Test
  void resumingWithADifferentConfigurationIsRefused() {
    LossHistory history = new LossHistory();
    CheckpointStore store = new CheckpointStore(dir.resolve("ckpt.safetensors"));
    Checkpointer.builder().store(store).config("{\"lr\":1}").part(history).build().save(3);
    Checkpointer other =
        Checkpointer.builder().store(store).config("{\"lr\":2}").part(history).build();
    assertThatThrownBy(other::restore).hasMessageContaining("different configuration");
  }

  private static int[] bits(INDArray a) {
    float[] f = a.dup().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
    int[] out = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = Float.floatToRawIntBits(f[i]);
    }
    return out;
  }
}

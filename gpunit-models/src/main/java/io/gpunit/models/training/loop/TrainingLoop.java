package io.gpunit.models.training.loop;

import com.google.common.base.Preconditions;
import io.gpunit.models.training.checkpoint.Checkpointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Repeats a {@link TrainingStep} on a {@link TrainingSchedule}: records the loss terms in a {@link
 * LossHistory}, tells the listeners, writes checkpoints through a {@link Checkpointer}, and stops
 * between steps when a {@link StopSignal} is raised — after writing a checkpoint of the last
 * completed step, so nothing done is lost. A failing step ends the loop without a checkpoint: its
 * state may be half-updated.
 */
public final class TrainingLoop {

  /** How a run ended: the steps completed and whether it stopped before the schedule's end. */
  public record Outcome(long steps, boolean stopped) {}

  private final TrainingStep step;
  private final TrainingSchedule schedule;
  private final LossHistory history;
  private final Checkpointer checkpointer;
  private final StopSignal stop;
  private final List<TrainingListener> listeners;

  private TrainingLoop(Builder b) {
    this.step = Objects.requireNonNull(b.step, "step");
    this.schedule = Objects.requireNonNull(b.schedule, "schedule");
    this.history = Objects.requireNonNull(b.history, "history");
    this.checkpointer = b.checkpointer;
    this.stop = b.stop != null ? b.stop : StopSignal.manual();
    this.listeners = List.copyOf(b.listeners);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A loop over {@code step} that records into {@code history} and checkpoints through {@code
   * checkpointer}, as every trainer's {@code loop(schedule)} builds it; add listeners and a stop
   * signal.
   */
  public static Builder over(
      TrainingStep step,
      TrainingSchedule schedule,
      LossHistory history,
      Checkpointer checkpointer) {
    return builder().step(step).schedule(schedule).history(history).checkpointer(checkpointer);
  }

  /** Trains from {@code startStep} completed steps (0, or a restored checkpoint's step). */
  public Outcome run(long startStep) {
    Preconditions.checkArgument(
        startStep >= 0 && startStep <= schedule.iterations(),
        "start step %s is outside [0, %s]",
        startStep,
        schedule.iterations());
    long done = startStep;
    long saved = startStep;
    boolean stopped = false;
    stop.loopStarted();
    try {
      listeners.forEach(l -> l.onStart(startStep, schedule));
      while (done < schedule.iterations()) {
        if (stop.isRequested()) {
          stopped = true;
          break;
        }
        Map<String, Double> losses = step.run(done);
        done++;
        history.record(done, losses);
        long current = done;
        listeners.forEach(l -> l.onStep(current, losses));
        if (schedule.isSampleStep(done)) {
          listeners.forEach(l -> l.onSample(current));
        }
        if (checkpointer != null && schedule.isCheckpointStep(done)) {
          checkpoint(done);
          saved = done;
        }
      }
      if (checkpointer != null && done != saved) {
        checkpoint(done);
      }
      return new Outcome(done, stopped);
    } finally {
      long current = done;
      boolean wasStopped = stopped;
      listeners.forEach(l -> l.onEnd(current, wasStopped));
      stop.loopFinished();
    }
  }

  private void checkpoint(long done) {
    checkpointer.save(done);
    listeners.forEach(l -> l.onCheckpoint(done, checkpointer.store()));
  }

  public static final class Builder {
    private TrainingStep step;
    private TrainingSchedule schedule;
    private LossHistory history;
    private Checkpointer checkpointer;
    private StopSignal stop;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Builder() {}

    public Builder step(TrainingStep step) {
      this.step = step;
      return this;
    }

    public Builder schedule(TrainingSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /**
     * Where the loss terms go; also a checkpoint part, so pass the same object to the checkpointer.
     */
    public Builder history(LossHistory history) {
      this.history = history;
      return this;
    }

    /** Optional: without one, nothing is saved. */
    public Builder checkpointer(Checkpointer checkpointer) {
      this.checkpointer = checkpointer;
      return this;
    }

    public Builder stopSignal(StopSignal stop) {
      this.stop = stop;
      return this;
    }

    public Builder listener(TrainingListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public TrainingLoop build() {
      return new TrainingLoop(this);
    }
  }
}

package io.gpunit.models.training.loop;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * A console progress bar (me.tongfei progressbar) with elapsed time, ETA and the latest loss terms,
 * like the tqdm bar of the official training scripts ({@code Larec: 0.123 Lsrec: 0.045 ...}). A
 * resumed run starts the bar at the checkpoint's step, so the ETA counts only the remaining steps.
 */
public final class ProgressBarListener implements TrainingListener {

  private final String task;
  private final Supplier<ProgressBarConsumer> consumer;
  private ProgressBar bar;

  private ProgressBarListener(String task, Supplier<ProgressBarConsumer> consumer) {
    this.task = Objects.requireNonNull(task, "task");
    this.consumer = consumer;
  }

  /** A bar redrawn in place on standard error. */
  public static ProgressBarListener console(String task) {
    return new ProgressBarListener(task, () -> new ConsoleProgressBarConsumer(System.err));
  }

  /** A bar whose renderings are passed to {@code lines} (a log, a test). */
  public static ProgressBarListener to(String task, Consumer<String> lines) {
    return new ProgressBarListener(task, () -> new DelegatingProgressBarConsumer(lines, 160));
  }

  @Override
  public void onStart(long startStep, TrainingSchedule schedule) {
    bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(schedule.iterations())
            .startsFrom(startStep, Duration.ZERO)
            .setConsumer(consumer.get())
            .setUpdateIntervalMillis(500)
            .build();
  }

  @Override
  public void onStep(long step, Map<String, Double> losses) {
    bar.stepTo(step);
    bar.setExtraMessage(format(losses));
  }

  @Override
  public void onEnd(long step, boolean stopped) {
    if (bar != null) {
      if (stopped) {
        bar.setExtraMessage(bar.getExtraMessage() + " (stopped)");
      }
      bar.close();
      bar = null;
    }
  }

  /** {@code "Larec: 0.123 Lsrec: 0.0450"}: four significant digits per term. */
  static String format(Map<String, Double> losses) {
    StringJoiner out = new StringJoiner(" ");
    losses.forEach((name, value) -> out.add(String.format(Locale.ROOT, "L%s: %.4g", name, value)));
    return out.toString();
  }
}

package io.gpunit.models.training.loop;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Redraws the loss-curve PNG whenever the schedule draws samples and when training ends, so the
 * plot on disk is never older than the latest sample grid. The file is replaced atomically.
 */
public final class LossCurveListener implements TrainingListener {

  private final LossHistory history;
  private final LossCurvePlot plot;
  private final Path file;

  public LossCurveListener(LossHistory history, LossCurvePlot plot, Path file) {
    this.history = Objects.requireNonNull(history, "history");
    this.plot = Objects.requireNonNull(plot, "plot");
    this.file = Objects.requireNonNull(file, "file");
  }

  @Override
  public void onSample(long step) {
    plot.write(history, file);
  }

  @Override
  public void onEnd(long step, boolean stopped) {
    if (history.size() > 0) {
      plot.write(history, file);
    }
  }
}

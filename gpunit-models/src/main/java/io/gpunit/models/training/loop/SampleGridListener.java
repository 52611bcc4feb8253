package io.gpunit.models.training.loop;

import io.gpunit.core.image.ImageGrid;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Writes a grid of sample images ({@code <dir>/<step, 6 digits>.png}, replaced atomically) whenever
 * the schedule asks for samples. What goes in the grid is the trainer's business: {@code rows}
 * returns, for a step, the rows of images to show (inputs, reconstructions, translations...).
 */
public final class SampleGridListener implements TrainingListener {

  private final Path directory;
  private final ImageGrid grid;
  private final LongFunction<List<List<BufferedImage>>> rows;

  public SampleGridListener(
      Path directory, ImageGrid grid, LongFunction<List<List<BufferedImage>>> rows) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.grid = Objects.requireNonNull(grid, "grid");
    this.rows = Objects.requireNonNull(rows, "rows");
  }

  /** The file the samples of {@code step} are written to. */
  public Path file(long step) {
    return directory.resolve(String.format(Locale.ROOT, "%06d.png", step));
  }

  @Override
  public void onSample(long step) {
    grid.writeRows(rows.apply(step), file(step));
  }
}

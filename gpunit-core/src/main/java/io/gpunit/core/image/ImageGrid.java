package io.gpunit.core.image;

import com.google.common.base.Preconditions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tiles images into one picture, rows by columns with a margin between and around the cells, for
 * sample grids during training and overviews in the CLI. Every cell is as large as the largest
 * image; smaller images sit centred in their cell. Immutable; build with {@link #builder()}.
 */
public final class ImageGrid {

  private final int columns;
  private final int margin;
  private final Color background;

  private ImageGrid(Builder b) {
    this.columns = b.columns;
    this.margin = b.margin;
    this.background = b.background;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Lays {@code images} out row by row, {@link Builder#columns} per row (the last row may be
   * short).
   */
  public BufferedImage render(List<BufferedImage> images) {
    Preconditions.checkArgument(!images.isEmpty(), "an image grid needs at least one image");
    List<List<BufferedImage>> rows = new ArrayList<>();
    for (int i = 0; i < images.size(); i += columns) {
      rows.add(images.subList(i, Math.min(images.size(), i + columns)));
    }
    return renderRows(rows);
  }

  /** Lays out explicit rows (e.g. input, output, reference); rows may differ in length. */
  public BufferedImage renderRows(List<List<BufferedImage>> rows) {
    Preconditions.checkArgument(!rows.isEmpty(), "an image grid needs at least one row");
    int cellW = 0;
    int cellH = 0;
    int cols = 0;
    for (List<BufferedImage> row : rows) {
      cols = Math.max(cols, row.size());
      for (BufferedImage image : row) {
        cellW = Math.max(cellW, image.getWidth());
        cellH = Math.max(cellH, image.getHeight());
      }
    }
    Preconditions.checkArgument(cols > 0, "an image grid needs at least one image");
    int width = cols * cellW + (cols + 1) * margin;
    int height = rows.size() * cellH + (rows.size() + 1) * margin;
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(background);
      g.fillRect(0, 0, width, height);
      for (int r = 0; r < rows.size(); r++) {
        List<BufferedImage> row = rows.get(r);
        for (int c = 0; c < row.size(); c++) {
          BufferedImage image = row.get(c);
          int x = margin + c * (cellW + margin) + (cellW - image.getWidth()) / 2;
          int y = margin + r * (cellH + margin) + (cellH - image.getHeight()) / 2;
          g.drawImage(image, x, y, null);
        }
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Renders a {@code [N,3,H,W]} batch in [-1, 1]. */
  public BufferedImage render(INDArray batch) {
    return render(Images.toImages(batch));
  }

  /** Renders {@code images} and writes a PNG atomically. */
  public void write(List<BufferedImage> images, Path file) {
    Images.writePng(render(images), file);
  }

  /** Renders {@code rows} and writes a PNG atomically. */
  public void writeRows(List<List<BufferedImage>> rows, Path file) {
    Images.writePng(renderRows(rows), file);
  }

  /** Renders a {@code [N,3,H,W]} batch and writes a PNG atomically. */
  public void write(INDArray batch, Path file) {
    Images.writePng(render(batch), file);
  }

  /** Builder with defaults: 8 columns, 2-pixel margin, white background. */
  public static final class Builder {
    private int columns = 8;
    private int margin = 2;
    private Color background = Color.WHITE;

    private Builder() {}

    public Builder columns(int columns) {
      Preconditions.checkArgument(columns > 0, "columns must be positive, got %s", columns);
      this.columns = columns;
      return this;
    }

    public Builder margin(int margin) {
      Preconditions.checkArgument(margin >= 0, "margin must be non-negative, got %s", margin);
      this.margin = margin;
      return this;
    }

    public Builder background(Color background) {
      this.background = Preconditions.checkNotNull(background, "background");
      return this;
    }

    public ImageGrid build() {
      return new ImageGrid(this);
    }
  }
}

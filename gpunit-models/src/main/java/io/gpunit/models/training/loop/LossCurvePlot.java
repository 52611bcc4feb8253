package io.gpunit.models.training.loop;

import com.google.common.base.Preconditions;
import io.gpunit.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a {@link LossHistory} as a PNG with Java2D: one polyline per loss term, x = step, y = value
 * (linear or log₁₀), axes with tick labels, and a legend. Long histories are averaged into one
 * point per horizontal pixel, which also smooths the noisy per-step losses; non-finite values (and,
 * on a log scale, non-positive ones) are left out. Immutable; build with {@link #builder()}.
 */
public final class LossCurvePlot {

  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    new Color(0xbcbd22), new Color(0x17becf)
  };
  private static final int LEFT = 80;
  private static final int RIGHT = 170;
  private static final int TOP = 36;
  private static final int BOTTOM = 50;
  private static final int TICKS = 5;

  private final int width;
  private final int height;
  private final boolean logScale;
  private final String title;

  private LossCurvePlot(Builder b) {
    this.width = b.width;
    this.height = b.height;
    this.logScale = b.logScale;
    this.title = b.title;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The colour of the {@code index}-th term (in {@link LossHistory#termNames()} order). */
  static Color color(int index) {
    return PALETTE[index % PALETTE.length];
  }

  /** The plot area's x range in pixels: [left, right). */
  int plotLeft() {
    return LEFT;
  }

  int plotRight() {
    return width - RIGHT;
  }

  public BufferedImage render(LossHistory history) {
    List<String> terms = history.termNames();
    List<Long> steps = history.steps();
    Preconditions.checkArgument(!steps.isEmpty(), "the loss history is empty: nothing to plot");
    int plotW = plotRight() - LEFT;
    int plotH = height - TOP - BOTTOM;
    double xMin = steps.get(0);
    double xMax = Math.max(steps.get(steps.size() - 1), xMin + 1);

    List<double[][]> curves = new ArrayList<>();
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (String term : terms) {
      double[][] curve = binned(steps, history.values(term), xMin, xMax, plotW);
      curves.add(curve);
      for (double y : curve[1]) {
        if (!Double.isNaN(y)) {
          yMin = Math.min(yMin, y);
          yMax = Math.max(yMax, y);
        }
      }
    }
    if (yMin > yMax) {
      yMin = 0;
      yMax = 1;
    } else if (yMin == yMax) {
      yMin -= 0.5;
      yMax += 0.5;
    } else {
      double pad = (yMax - yMin) * 0.05;
      yMin -= pad;
      yMax += pad;
    }

    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      FontMetrics fm = g.getFontMetrics();
      drawAxes(g, fm, xMin, xMax, yMin, yMax, plotW, plotH);
      g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      for (int t = 0; t < terms.size(); t++) {
        g.setColor(color(t));
        g.draw(polyline(curves.get(t), xMin, xMax, yMin, yMax, plotW, plotH));
      }
      drawLegend(g, fm, terms);
      if (!title.isEmpty()) {
        g.setColor(Color.BLACK);
        g.drawString(title, (LEFT + plotRight()) / 2 - fm.stringWidth(title) / 2, TOP - 12);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Renders and writes a PNG atomically. */
  public void write(LossHistory history, Path png) {
    BufferedImage image = render(history);
    try {
      AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write loss plot " + png + ": " + e.getMessage(), e);
    }
  }

  /** Mean (step, value) per pixel column; [0] = x, [1] = y (NaN where a column has no value). */
  private double[][] binned(
      List<Long> steps, List<Double> values, double xMin, double xMax, int bins) {
    double[] sumX = new double[bins];
    double[] sumY = new double[bins];
    int[] count = new int[bins];
    for (int i = 0; i < steps.size(); i++) {
      double y = values.get(i);
      if (!Double.isFinite(y) || (logScale && y <= 0)) {
        continue;
      }
      int bin = (int) Math.min(bins - 1, Math.floor((steps.get(i) - xMin) / (xMax - xMin) * bins));
      sumX[bin] += steps.get(i);
      sumY[bin] += logScale ? Math.log10(y) : y;
      count[bin]++;
    }
    double[][] out = new double[2][bins];
    for (int b = 0; b < bins; b++) {
      out[0][b] = count[b] == 0 ? Double.NaN : sumX[b] / count[b];
      out[1][b] = count[b] == 0 ? Double.NaN : sumY[b] / count[b];
    }
    return out;
  }

  private Path2D polyline(
      double[][] curve, double xMin, double xMax, double yMin, double yMax, int plotW, int plotH) {
    Path2D.Double path = new Path2D.Double();
    boolean started = false;
    for (int b = 0; b < curve[0].length; b++) {
      if (Double.isNaN(curve[1][b])) {
        continue;
      }
      double px = LEFT + (curve[0][b] - xMin) / (xMax - xMin) * (plotW - 1);
      double py = TOP + (yMax - curve[1][b]) / (yMax - yMin) * (plotH - 1);
      if (started) {
        path.lineTo(px, py);
      } else {
        path.moveTo(px, py);
        path.lineTo(px, py);
        started = true;
      }
    }
    return path;
  }

  private void drawAxes(
      Graphics2D g,
      FontMetrics fm,
      double xMin,
      double xMax,
      double yMin,
      double yMax,
      int plotW,
      int plotH) {
    g.setColor(new Color(0xe8e8e8));
    for (int i = 0; i <= TICKS; i++) {
      int y = TOP + (int) Math.round((double) i / TICKS * (plotH - 1));
      g.drawLine(LEFT, y, LEFT + plotW - 1, y);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, plotW - 1, plotH - 1);
    for (int i = 0; i <= TICKS; i++) {
      double fraction = (double) i / TICKS;
      int x = LEFT + (int) Math.round(fraction * (plotW - 1));
      String xLabel = String.format(Locale.ROOT, "%d", Math.round(xMin + fraction * (xMax - xMin)));
      g.drawLine(x, TOP + plotH - 1, x, TOP + plotH + 3);
      g.drawString(xLabel, x - fm.stringWidth(xLabel) / 2, TOP + plotH + 4 + fm.getAscent());
      int y = TOP + (int) Math.round((1 - fraction) * (plotH - 1));
      double value = yMin + fraction * (yMax - yMin);
      String yLabel = String.format(Locale.ROOT, "%.3g", logScale ? Math.pow(10, value) : value);
      g.drawLine(LEFT - 4, y, LEFT, y);
      g.drawString(yLabel, LEFT - 6 - fm.stringWidth(yLabel), y + fm.getAscent() / 2 - 1);
    }
    String xAxis = "step";
    g.drawString(xAxis, LEFT + plotW / 2 - fm.stringWidth(xAxis) / 2, height - 10);
    String yAxis = logScale ? "loss (log scale)" : "loss";
    g.drawString(yAxis, 8, TOP - 12);
  }

  private void drawLegend(Graphics2D g, FontMetrics fm, List<String> terms) {
    int x = plotRight() + 16;
    int y = TOP + 8;
    for (int t = 0; t < terms.size(); t++) {
      int rowY = y + t * (fm.getHeight() + 6);
      g.setColor(color(t));
      g.fillRect(x, rowY - 2, 24, 4);
      g.setColor(Color.BLACK);
      g.drawString(terms.get(t), x + 32, rowY + fm.getAscent() / 2 - 1);
    }
  }

  /** Defaults: 960×540, linear scale, no title. */
  public static final class Builder {
    private int width = 960;
    private int height = 540;
    private boolean logScale;
    private String title = "";

    private Builder() {}

    public Builder size(int width, int height) {
      Preconditions.checkArgument(
          width >= LEFT + RIGHT + 50 && height >= TOP + BOTTOM + 50,
          "a loss plot needs at least %sx%s pixels, got %sx%s",
          LEFT + RIGHT + 50,
          TOP + BOTTOM + 50,
          width,
          height);
      this.width = width;
      this.height = height;
      return this;
    }

    public Builder logScale(boolean logScale) {
      this.logScale = logScale;
      return this;
    }

    public Builder title(String title) {
      this.title = Preconditions.checkNotNull(title, "title");
      return this;
    }

    public LossCurvePlot build() {
      return new LossCurvePlot(this);
    }
  }
}

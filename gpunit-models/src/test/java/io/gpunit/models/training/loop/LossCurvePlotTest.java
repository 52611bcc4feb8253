package io.gpunit.models.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossCurvePlotTest {

  @TempDir Path dir;

  private static LossHistory history(int steps) {
    LossHistory h = new LossHistory();
    for (int s = 1; s <= steps; s++) {
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("low", 1.0);
      values.put("high", 3.0);
      values.put("rising", 1.0 + 2.0 * s / steps);
      values.put("broken", s % 2 == 0 ? Double.NaN : 2.0);
      h.record(s, values);
    }
    return h;
  }

  /** Rows of column x whose pixel has exactly colour c. */
  private static int[] rowsOf(BufferedImage image, int x, Color c) {
    return java.util.stream.IntStream.range(0, image.getHeight())
        .filter(y -> (image.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff))
        .toArray();
  }

  @Test
  void drawsOnePolylinePerTermAtItsValueAndALegend() {
    LossCurvePlot plot = LossCurvePlot.builder().size(640, 400).build();
    BufferedImage image = plot.render(history(500));
    int middle = (plot.plotLeft() + plot.plotRight()) / 2;
    int[] low = rowsOf(image, middle, LossCurvePlot.color(0));
    int[] high = rowsOf(image, middle, LossCurvePlot.color(1));
    assertThat(low).isNotEmpty();
    assertThat(high).isNotEmpty();
    // Larger values are drawn higher up (smaller row).
    assertThat(high[high.length - 1]).isLessThan(low[0]);
    // The rising term goes up from left to right, between the two constants in the middle.
    int[] risingLeft = rowsOf(image, plot.plotLeft() + 5, LossCurvePlot.color(2));
    int[] risingRight = rowsOf(image, plot.plotRight() - 5, LossCurvePlot.color(2));
    assertThat(risingRight[0]).isLessThan(risingLeft[0]);
    // The term with NaN at every other step is still drawn from its finite values (at 2.0).
    int[] broken = rowsOf(image, middle, LossCurvePlot.color(3));
    assertThat(broken).isNotEmpty();
    assertThat(broken[0]).isBetween(high[high.length - 1], low[0]);
    // Legend swatches right of the plot area.
    for (int t = 0; t < 4; t++) {
      assertThat(rowsOf(image, plot.plotRight() + 20, LossCurvePlot.color(t)))
          .as("legend %d", t)
          .isNotEmpty();
    }
  }

  @Test
  void writesAReadablePngThroughTheListener() throws Exception {
    Path png = dir.resolve("plots/loss.png");
    LossHistory h = history(20);
    LossCurveListener listener =
        new LossCurveListener(h, LossCurvePlot.builder().logScale(true).build(), png);
    listener.onSample(20);
    BufferedImage read = ImageIO.read(png.toFile());
    assertThat(read.getWidth()).isEqualTo(960);
    assertThat(read.getHeight()).isEqualTo(540);
  }

  @Test
  void refusesAnEmptyHistory() {
    assertThatThrownBy(() -> LossCurvePlot.builder().build().render(new LossHistory()))
        .hasMessageContaining("nothing to plot");
  }
}

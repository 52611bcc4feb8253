package io.gpunit.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.random.SplitMix64;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class TranslationGridTest {

  private static final int S = 8;
  private static final int MARGIN = 2; // ImageGrid's default

  /** Paints every output flat in the grey level of its style code (a 1-d code in [-1, 1]). */
  private static final class FlatNetwork implements TranslationNetwork {
    private final int styleDim;

    FlatNetwork(int styleDim) {
      this.styleDim = styleDim;
    }

    @Override
    public String architecture() {
      return "flat";
    }

    @Override
    public int imageSize() {
      return S;
    }

    @Override
    public int styleDim() {
      return styleDim;
    }

    @Override
    public INDArray translate(INDArray content, INDArray styleCodes) {
      INDArray out = Nd4j.zeros(DataType.FLOAT, content.shape());
      for (int i = 0; i < content.size(0); i++) {
        out.slice(i).assign(styleCodes == null ? 1.0 : styleCodes.getDouble(i, 0));
      }
      return out;
    }

    @Override
    public INDArray encodeStyle(INDArray images) {
      return images.mean(1, 2, 3).reshape(images.size(0), 1);
    }

    @Override
    public INDArray sampleStyles(int n, SplitMix64 random) {
      INDArray two = Nd4j.createFromArray(new float[] {-0.5f, 0.5f}).reshape(2, 1);
      return two.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
    }
  }

  private static int grey(BufferedImage sheet, int row, int column) {
    int x = MARGIN + column * (S + MARGIN) + S / 2;
    int y = MARGIN + row * (S + MARGIN) + S / 2;
    return sheet.getRGB(x, y) & 0xFF;
  }

  @Test
  void multimodalSheetsHaveAnExemplarHeaderAndOneColumnPerStyle() {
    INDArray contents = Nd4j.zeros(DataType.FLOAT, 3, 3, S, S);
    INDArray exemplars = Nd4j.valueArrayOf(new long[] {1, 3, S, S}, -1f);
    BufferedImage sheet =
        TranslationGrid.builder()
            .contents(contents)
            .exemplars(exemplars)
            .samples(2)
            .build()
            .render(new FlatNetwork(1));

    // 1 header + 3 content rows; content, 1 exemplar column, 2 sampled columns.
    assertThat(sheet.getHeight()).isEqualTo(4 * S + 5 * MARGIN);
    assertThat(sheet.getWidth()).isEqualTo(4 * S + 5 * MARGIN);
    assertThat(grey(sheet, 0, 0)).as("blank corner").isEqualTo(255);
    assertThat(grey(sheet, 0, 1)).as("the exemplar, black").isEqualTo(0);
    for (int row = 1; row <= 3; row++) {
      assertThat(grey(sheet, row, 0)).as("the content, mid grey").isBetween(127, 128);
      assertThat(grey(sheet, row, 1)).as("exemplar style -1 → black").isEqualTo(0);
      assertThat(grey(sheet, row, 2)).as("sampled -0.5").isBetween(63, 64);
      assertThat(grey(sheet, row, 3)).as("sampled +0.5").isBetween(191, 192);
    }
  }

  @Test
  void unimodalSheetsHaveOneTranslationPerContent() {
    BufferedImage sheet =
        TranslationGrid.builder()
            .contents(Nd4j.zeros(DataType.FLOAT, 2, 3, S, S))
            .exemplars(Nd4j.zeros(DataType.FLOAT, 1, 3, S, S))
            .build()
            .render(new FlatNetwork(0));
    assertThat(sheet.getHeight()).isEqualTo(2 * S + 3 * MARGIN);
    assertThat(sheet.getWidth()).isEqualTo(2 * S + 3 * MARGIN);
    assertThat(grey(sheet, 1, 1)).isEqualTo(255);
  }
}

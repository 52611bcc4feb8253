package io.gpunit.models;

import com.google.common.base.Preconditions;
import io.gpunit.core.image.ImageGrid;
import io.gpunit.core.image.Images;
import io.gpunit.core.random.SplitMix64;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sheet a translation model is judged by at a glance: one row per content image — the content,
 * its translation guided by each exemplar, then by {@code samples} sampled styles — under a header
 * row of the exemplars. Unimodal models get one translation per content instead.
 *
 * <pre>
 *            | y_1        y_2        |
 *  x_1       | G(x_1,y_1) G(x_1,y_2) | G(x_1,T(z_1)) G(x_1,T(z_2))
 *  x_2       | …
 * </pre>
 *
 * Sampled styles {@code z_1, z_2, …} come from the seed only and are the same for every row, so a
 * column shows one style across contents.
 */
public final class TranslationGrid {

  private final INDArray contents;
  private final INDArray exemplars;
  private final int samples;
  private final long seed;

  private TranslationGrid(Builder b) {
    this.contents = Objects.requireNonNull(b.contents, "contents");
    this.exemplars = b.exemplars;
    this.samples = b.samples;
    this.seed = b.seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The sheet of {@code network}'s translations of the contents. */
  public BufferedImage render(TranslationNetwork network) {
    int n = (int) contents.size(0);
    List<List<BufferedImage>> rows = new ArrayList<>();
    List<BufferedImage> contentImages = Images.toImages(contents);
    List<List<BufferedImage>> translated = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      translated.add(new ArrayList<>(List.of(contentImages.get(i))));
    }
    if (!network.isMultimodal()) {
      addColumn(translated, network.translate(contents, null));
    } else {
      if (exemplars != null) {
        int m = (int) exemplars.size(0);
        BufferedImage blank = blank(contentImages.get(0));
        List<BufferedImage> header = new ArrayList<>(List.of(blank));
        header.addAll(Images.toImages(exemplars));
        rows.add(header);
        INDArray codes = network.encodeStyle(exemplars);
        for (int j = 0; j < m; j++) {
          addColumn(translated, network.translate(contents, repeatRow(codes, j, n)));
        }
      }
      if (samples > 0) {
        INDArray codes = network.sampleStyles(samples, new SplitMix64(seed));
        for (int j = 0; j < samples; j++) {
          addColumn(translated, network.translate(contents, repeatRow(codes, j, n)));
        }
      }
    }
    rows.addAll(translated);
    return ImageGrid.builder().build().renderRows(rows);
  }

  /** Renders and writes the sheet as a PNG, atomically. */
  public void write(TranslationNetwork network, Path file) {
    Images.writePng(render(network), file);
  }

  private static void addColumn(List<List<BufferedImage>> rows, INDArray batch) {
    List<BufferedImage> images = Images.toImages(batch);
    for (int i = 0; i < rows.size(); i++) {
      rows.get(i).add(images.get(i));
    }
  }

  private static INDArray repeatRow(INDArray codes, int row, int n) {
    INDArray one = codes.getRow(row, true);
    return Nd4j.concat(0, Collections.nCopies(n, one).toArray(INDArray[]::new));
  }

  private static BufferedImage blank(BufferedImage like) {
    BufferedImage blank =
        new BufferedImage(like.getWidth(), like.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = blank.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, blank.getWidth(), blank.getHeight());
    } finally {
      g.dispose();
    }
    return blank;
  }

  /** The content images, the exemplars (optional), the number of sampled styles and their seed. */
  public static final class Builder {
    private INDArray contents;
    private INDArray exemplars;
    private int samples = 3;
    private long seed;

    private Builder() {}

    /** {@code [N,3,S,S]} images of domain A in [-1, 1]. */
    public Builder contents(INDArray contents) {
      Preconditions.checkArgument(
          contents != null && contents.rank() == 4 && contents.size(1) == 3,
          "contents must be an [N,3,S,S] batch");
      this.contents = contents;
      return this;
    }

    /** {@code [M,3,S,S]} exemplars of domain B, one column each (multimodal models). */
    public Builder exemplars(INDArray exemplars) {
      Preconditions.checkArgument(
          exemplars == null || (exemplars.rank() == 4 && exemplars.size(1) == 3),
          "exemplars must be an [M,3,S,S] batch");
      this.exemplars = exemplars;
      return this;
    }

    /** Sampled-style columns (multimodal models; default 3). */
    public Builder samples(int samples) {
      Preconditions.checkArgument(samples >= 0, "samples must be >= 0, got %s", samples);
      this.samples = samples;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public TranslationGrid build() {
      return new TranslationGrid(this);
    }
  }
}

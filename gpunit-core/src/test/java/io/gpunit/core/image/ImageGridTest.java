package io.gpunit.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

  @TempDir Path dir;

  private static BufferedImage solid(Color colour) {
    BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 4; x++) {
        image.setRGB(x, y, colour.getRGB());
      }
    }
    return image;
  }

  @Test
  void tilesRowByRowWithMarginsAndWritesAtomically() throws IOException {
    ImageGrid grid = ImageGrid.builder().columns(2).margin(1).background(Color.GREEN).build();
    Path file = dir.resolve("grid.png");

    grid.write(List.of(solid(Color.RED), solid(Color.BLUE), solid(Color.WHITE)), file);

    assertThat(Files.list(dir)).containsExactly(file);
    BufferedImage out = ImageIO.read(file.toFile());
    // 2 columns of 4 + 3 margins; 2 rows of 3 + 3 margins.
    assertThat(out.getWidth()).isEqualTo(11);
    assertThat(out.getHeight()).isEqualTo(9);
    assertThat(out.getRGB(0, 0)).isEqualTo(Color.GREEN.getRGB());
    assertThat(out.getRGB(1, 1)).isEqualTo(Color.RED.getRGB());
    assertThat(out.getRGB(4, 3)).isEqualTo(Color.RED.getRGB());
    assertThat(out.getRGB(5, 1)).isEqualTo(Color.GREEN.getRGB());
    assertThat(out.getRGB(6, 1)).isEqualTo(Color.BLUE.getRGB());
    assertThat(out.getRGB(1, 5)).isEqualTo(Color.WHITE.getRGB());
    assertThat(out.getRGB(6, 5)).isEqualTo(Color.GREEN.getRGB()); // empty last cell
  }

  @Test
  void explicitRowsMayDifferInLength() {
    BufferedImage out =
        ImageGrid.builder()
            .margin(0)
            .build()
            .renderRows(
                List.of(List.of(solid(Color.RED)), List.of(solid(Color.BLUE), solid(Color.BLUE))));
    assertThat(out.getWidth()).isEqualTo(8);
    assertThat(out.getHeight()).isEqualTo(6);
    assertThat(out.getRGB(5, 1)).isEqualTo(Color.WHITE.getRGB());
    assertThat(out.getRGB(5, 4)).isEqualTo(Color.BLUE.getRGB());
  }
}

package io.gpunit.models.training.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.image.ImageGrid;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGridListenerTest {

  @TempDir Path dir;

  private static BufferedImage filled(Color c) {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        image.setRGB(x, y, c.getRGB());
      }
    }
    return image;
  }

  @Test
  void writesTheRowsOfTheRequestedStepAsANumberedPng() throws Exception {
    SampleGridListener listener =
        new SampleGridListener(
            dir.resolve("samples"),
            ImageGrid.builder().margin(2).build(),
            step ->
                List.of(List.of(filled(Color.RED), filled(step == 50 ? Color.GREEN : Color.BLUE))));
    listener.onSample(50);
    Path file = dir.resolve("samples/000050.png");
    assertThat(listener.file(50)).isEqualTo(file);
    BufferedImage grid = ImageIO.read(file.toFile());
    // Two 8×8 cells with a 2-pixel margin around and between them.
    assertThat(grid.getWidth()).isEqualTo(2 * 8 + 3 * 2);
    assertThat(grid.getHeight()).isEqualTo(8 + 2 * 2);
    assertThat(grid.getRGB(2 + 4, 2 + 4) & 0xffffff).isEqualTo(0xff0000);
    assertThat(grid.getRGB(2 + 8 + 2 + 4, 2 + 4) & 0xffffff).isEqualTo(0x00ff00);
  }
}

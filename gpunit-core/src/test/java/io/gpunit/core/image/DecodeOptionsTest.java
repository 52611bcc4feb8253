package io.gpunit.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding bombs and damaged files: refused from the header, or strictly, by default. */
class DecodeOptionsTest {
  @TempDir Path dir;

  @Test
  void aGigapixelPngIsRefusedFromItsHeaderBeforeDecoding() throws IOException {
    Path bomb = ImageBombs.grayPng(dir.resolve("bomb.png"), 20000, 20000);
    assertThat(Files.size(bomb)).isLessThan(1 << 20);

    assertThatThrownBy(() -> Images.readImage(bomb))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessageContaining(bomb.toString())
        .hasMessageContaining("20000x20000")
        .satisfies(
            e -> {
              ImageTooLargeException tooLarge = (ImageTooLargeException) e;
              assertThat(tooLarge.width()).isEqualTo(20000);
              assertThat(tooLarge.maxPixels()).isEqualTo(DecodeOptions.DEFAULT_MAX_PIXELS);
            });
  }

  @Test
  void thePixelLimitIsConfigurable() throws IOException {
    Path file = ImageBombs.grayPng(dir.resolve("100x100.png"), 100, 100);

    assertThatThrownBy(() -> Images.readImage(file, DecodeOptions.DEFAULT.withMaxPixels(9_999)))
        .isInstanceOf(ImageTooLargeException.class);
    BufferedImage image = Images.readImage(file, DecodeOptions.DEFAULT.withMaxPixels(10_000));
    assertThat(image.getWidth() * image.getHeight()).isEqualTo(10_000);
  }

  @Test
  void aTruncatedJpegFailsUnlessTruncationIsAllowed() throws IOException {
    Path jpeg = dir.resolve("noise.jpg");
    ImageIO.write(noise(64, 48), "jpg", jpeg.toFile());
    Path cut = ImageBombs.truncated(jpeg, 0.5, dir.resolve("cut.jpg"));
    // What ImageIO.read alone does: grey fill, no error.
    assertThat(ImageIO.read(cut.toFile())).isNotNull();

    assertThatThrownBy(() -> Images.readImage(cut))
        .isInstanceOf(TruncatedImageException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("truncated");
    BufferedImage lenient = Images.readImage(cut, DecodeOptions.DEFAULT.withAllowTruncated(true));
    assertThat(lenient.getWidth()).isEqualTo(64);
    assertThat(lenient.getHeight()).isEqualTo(48);
    assertThat(Images.readImage(jpeg).getWidth()).isEqualTo(64); // the whole file is clean
  }

  private static BufferedImage noise(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(7);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }
}

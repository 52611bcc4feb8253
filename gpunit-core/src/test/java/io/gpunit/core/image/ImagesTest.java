package io.gpunit.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImagesTest {

  private static final float EPS = 1e-6f;

  @TempDir Path dir;

  private static float unit8(int p) {
    return p / 127.5f - 1f;
  }

  @Test
  void rgbPixelsMapToMinusOneToOneWithOfficialNormalisation() {
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, new Color(0, 128, 255).getRGB());
    image.setRGB(1, 0, new Color(10, 20, 30).getRGB());

    INDArray t = Images.toTensor(image);

    assertThat(t.shape()).containsExactly(1, 3, 1, 2);
    assertThat(t.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(t.getFloat(0, 0, 0, 0)).isEqualTo(-1f, within(EPS));
    assertThat(t.getFloat(0, 1, 0, 0)).isEqualTo(128 / 127.5f - 1f, within(EPS));
    assertThat(t.getFloat(0, 2, 0, 0)).isEqualTo(1f, within(EPS));
    assertThat(t.getFloat(0, 0, 0, 1)).isEqualTo(unit8(10), within(EPS));
    assertThat(t.getFloat(0, 1, 0, 1)).isEqualTo(unit8(20), within(EPS));
    assertThat(t.getFloat(0, 2, 0, 1)).isEqualTo(unit8(30), within(EPS));
  }

  @Test
  void bgrByteImageReadsTheSameAsIntRgb() {
    BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
    image.setRGB(0, 0, new Color(200, 100, 50).getRGB());
    INDArray t = Images.toTensor(image);
    assertThat(t.getFloat(0, 0, 0, 0)).isEqualTo(unit8(200), within(EPS));
    assertThat(t.getFloat(0, 1, 0, 0)).isEqualTo(unit8(100), within(EPS));
    assertThat(t.getFloat(0, 2, 0, 0)).isEqualTo(unit8(50), within(EPS));
  }

  @Test
  void grayscaleSamplesAreReplicatedWithoutGammaConversion() {
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(0, 0, 0, 100);
    image.getRaster().setSample(1, 0, 0, 201);

    INDArray t = Images.toTensor(image);

    for (int c = 0; c < 3; c++) {
      assertThat(t.getFloat(0, c, 0, 0)).isEqualTo(unit8(100), within(EPS));
      assertThat(t.getFloat(0, c, 0, 1)).isEqualTo(unit8(201), within(EPS));
    }
  }

  @Test
  void sixteenBitGrayKeepsFullPrecision() {
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    image.getRaster().setSample(0, 0, 0, 65535);
    image.getRaster().setSample(1, 0, 0, 25_700 + 128); // between 8-bit levels 100 and 101

    INDArray t = Images.toTensor(image);

    assertThat(t.getFloat(0, 1, 0, 0)).isEqualTo(1f, within(EPS));
    float expected = 25_828f / 65535f * 2f - 1f;
    assertThat(t.getFloat(0, 0, 0, 1)).isEqualTo(expected, within(EPS));
    assertThat(t.getFloat(0, 2, 0, 1)).isEqualTo(expected, within(EPS));
    // Strictly between the two nearest 8-bit values: precision was not thrown away.
    assertThat(expected).isGreaterThan(unit8(100) + 1e-4f).isLessThan(unit8(101) - 1e-4f);
  }

  @Test
  void sixteenBitRgbKeepsFullPrecisionPerChannel() {
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = cm.createCompatibleWritableRaster(1, 1);
    raster.setPixel(0, 0, new int[] {0, 32_768, 65_535});
    BufferedImage image = new BufferedImage(cm, raster, false, null);

    INDArray t = Images.toTensor(image);

    assertThat(t.getFloat(0, 0, 0, 0)).isEqualTo(-1f, within(EPS));
    assertThat(t.getFloat(0, 1, 0, 0)).isEqualTo(32_768f / 65_535f * 2f - 1f, within(EPS));
    assertThat(t.getFloat(0, 2, 0, 0)).isEqualTo(1f, within(EPS));
  }

  @Test
  void paletteImagesAreLookedUpInTheirPalette() {
    byte[] r = {(byte) 255, 0, 12};
    byte[] g = {0, (byte) 255, 34};
    byte[] b = {0, 0, 56};
    IndexColorModel palette = new IndexColorModel(2, 3, r, g, b);
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
    image.getRaster().setSample(0, 0, 0, 2);
    image.getRaster().setSample(1, 0, 0, 1);

    INDArray t = Images.toTensor(image);

    assertThat(t.getFloat(0, 0, 0, 0)).isEqualTo(unit8(12), within(EPS));
    assertThat(t.getFloat(0, 1, 0, 0)).isEqualTo(unit8(34), within(EPS));
    assertThat(t.getFloat(0, 2, 0, 0)).isEqualTo(unit8(56), within(EPS));
    assertThat(t.getFloat(0, 0, 0, 1)).isEqualTo(-1f, within(EPS));
    assertThat(t.getFloat(0, 1, 0, 1)).isEqualTo(1f, within(EPS));
  }

  private static BufferedImage halfTransparentRed(int type) {
    BufferedImage image = new BufferedImage(1, 1, type);
    image.setRGB(0, 0, new Color(255, 0, 0, 102).getRGB()); // alpha 0.4
    return image;
  }

  @Test
  void alphaIsCompositedOverWhiteByDefault() {
    INDArray t = Images.toTensor(halfTransparentRed(BufferedImage.TYPE_INT_ARGB));
    float a = 102 / 255f;
    assertThat(t.getFloat(0, 0, 0, 0)).isEqualTo(1f, within(EPS));
    assertThat(t.getFloat(0, 1, 0, 0)).isEqualTo((1 - a) * 2 - 1, within(EPS)); // 0.4*0 + 0.6*1
    assertThat(t.getFloat(0, 2, 0, 0)).isEqualTo((1 - a) * 2 - 1, within(EPS));
  }

  @Test
  void alphaCanBeCompositedOverAColourOrDropped() {
    BufferedImage image = halfTransparentRed(BufferedImage.TYPE_4BYTE_ABGR);
    float a = 102 / 255f;

    INDArray overBlue = Images.toTensor(image, AlphaPolicy.over(new Color(0, 0, 255)));
    assertThat(overBlue.getFloat(0, 0, 0, 0)).isEqualTo(a * 2 - 1, within(EPS));
    assertThat(overBlue.getFloat(0, 1, 0, 0)).isEqualTo(-1f, within(EPS));
    assertThat(overBlue.getFloat(0, 2, 0, 0)).isEqualTo((1 - a) * 2 - 1, within(EPS));

    INDArray dropped = Images.toTensor(image, AlphaPolicy.drop());
    assertThat(dropped.getFloat(0, 0, 0, 0)).isEqualTo(1f, within(EPS));
    assertThat(dropped.getFloat(0, 1, 0, 0)).isEqualTo(-1f, within(EPS));
  }

  @Test
  void premultipliedAlphaIsUnpremultipliedBeforeCompositing() {
    BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB_PRE);
    image.setRGB(0, 0, new Color(200, 100, 0, 128).getRGB());
    float a = 128 / 255f;

    INDArray dropped = Images.toTensor(image, AlphaPolicy.drop());
    INDArray overBlack = Images.toTensor(image, AlphaPolicy.over(Color.BLACK));

    // Premultiplied storage rounds to 8 bits, so allow about one grey level.
    assertThat(dropped.getFloat(0, 0, 0, 0)).isEqualTo(unit8(200), within(0.01f));
    assertThat(dropped.getFloat(0, 1, 0, 0)).isEqualTo(unit8(100), within(0.01f));
    assertThat(overBlack.getFloat(0, 0, 0, 0)).isEqualTo(a * 200 / 255f * 2 - 1, within(0.01f));
  }

  @Test
  void tensorToImageClampsAndRoundsHalfUp() {
    // Exactly representable cases: 0 -> 127.5 -> 128 (truncation would give 127); -0.5 -> 63.75
    // -> 64; 0.5 -> 191.25 -> 191; out-of-range values clamp.
    INDArray t =
        Nd4j.create(
            new float[] {0f, -0.5f, 0.5f, 1.7f, -3f, 1f}, new long[] {1, 1, 6}, DataType.FLOAT);

    BufferedImage image = Images.toImage(t);

    assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    int[] expected = {128, 64, 191, 255, 0, 255};
    for (int x = 0; x < 6; x++) {
      assertThat(image.getRGB(x, 0) & 0xff).as("pixel %d", x).isEqualTo(expected[x]);
    }
  }

  @Test
  void everyEightBitValueSurvivesARoundTrip() {
    BufferedImage image = new BufferedImage(256, 1, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 256; x++) {
      image.setRGB(x, 0, new Color(x, 255 - x, (x * 7) % 256).getRGB());
    }
    BufferedImage back = Images.toImage(Images.toTensor(image));
    for (int x = 0; x < 256; x++) {
      assertThat(back.getRGB(x, 0)).isEqualTo(image.getRGB(x, 0));
    }
  }

  @Test
  void batchesConvertBothWays() {
    BufferedImage red = solid(Color.RED, 3, 2);
    BufferedImage blue = solid(Color.BLUE, 3, 2);

    INDArray batch = Images.toBatch(List.of(red, blue));
    assertThat(batch.shape()).containsExactly(2, 3, 2, 3);
    assertThat(batch.getFloat(1, 2, 1, 2)).isEqualTo(1f, within(EPS));
    assertThat(batch.getFloat(1, 0, 1, 2)).isEqualTo(-1f, within(EPS));

    List<BufferedImage> back = Images.toImages(batch);
    assertThat(back).hasSize(2);
    assertThat(back.get(0).getRGB(2, 1)).isEqualTo(Color.RED.getRGB());
    assertThat(back.get(1).getRGB(0, 0)).isEqualTo(Color.BLUE.getRGB());
  }

  @Test
  void batchOfDifferentSizesIsRejected() {
    assertThatThrownBy(
            () -> Images.toBatch(List.of(solid(Color.RED, 3, 2), solid(Color.RED, 2, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image 1");
  }

  @Test
  void pngFileAndStreamReadTheSamePixels() throws IOException {
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 1, new Color(1, 2, 3).getRGB());
    Path file = dir.resolve("sub/a.png");

    Images.writePng(image, file);

    assertThat(Files.list(file.getParent())).containsExactly(file); // no temp file left behind
    INDArray fromFile = Images.read(file);
    INDArray fromStream = Images.read(new ByteArrayInputStream(Files.readAllBytes(file)), "mem");
    assertThat(fromFile.shape()).containsExactly(1, 3, 2, 3);
    assertThat(fromFile).isEqualTo(fromStream);
    assertThat(fromFile.getFloat(0, 2, 1, 1)).isEqualTo(unit8(3), within(EPS));
  }

  @Test
  void corruptFileIsReportedWithItsName() throws IOException {
    Path file = dir.resolve("broken.png");
    byte[] png = pngBytes(solid(Color.RED, 8, 8));
    Files.write(file, java.util.Arrays.copyOf(png, png.length / 2));

    assertThatThrownBy(() -> Images.read(file))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void emptyGarbageAndMissingFilesAreReportedWithTheirNames() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.jpg"));
    Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
    Path missing = dir.resolve("missing.png");

    for (Path file : List.of(empty, text, missing)) {
      assertThatThrownBy(() -> Images.readImage(file))
          .isInstanceOf(ImageReadException.class)
          .hasMessageContaining(file.toString())
          .satisfies(e -> assertThat(((ImageReadException) e).source()).isEqualTo(file.toString()));
    }
  }

  @Test
  void zeroSizedImageIsRejected() throws IOException {
    Path file = dir.resolve("zero.png");
    Files.write(file, pngWithHeaderOnly(0, 4));

    assertThatThrownBy(() -> Images.read(file))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining(file.toString());
  }

  private static BufferedImage solid(Color colour, int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, colour.getRGB());
      }
    }
    return image;
  }

  private static byte[] pngBytes(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** A PNG signature, an IHDR chunk declaring {@code width x height} RGB, and IEND. */
  private static byte[] pngWithHeaderOnly(int width, int height) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream h = new DataOutputStream(ihdr);
    h.writeInt(width);
    h.writeInt(height);
    h.write(new byte[] {8, 2, 0, 0, 0});
    ImageBombs.chunk(out, "IHDR", ihdr.toByteArray());
    ImageBombs.chunk(out, "IEND", new byte[0]);
    return bytes.toByteArray();
  }
}

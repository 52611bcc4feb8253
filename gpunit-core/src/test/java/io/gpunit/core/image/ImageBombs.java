package io.gpunit.core.image;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Hostile image files for tests, generated small on disk. */
public final class ImageBombs {

  private ImageBombs() {}

  /**
   * An 8-bit grayscale PNG of {@code width × height} zero pixels: 20000² is ~400 KB on disk but
   * 400 MB of samples decoded (and 4.8 GB as a float image).
   */
  public static Path grayPng(Path file, int width, int height) throws IOException {
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    try (DeflaterOutputStream z =
        new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
      byte[] row = new byte[width + 1]; // filter byte 0, then the samples
      for (int y = 0; y < height; y++) {
        z.write(row);
      }
    }
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream h = new DataOutputStream(ihdr);
    h.writeInt(width);
    h.writeInt(height);
    h.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit gray, deflate, no filter, no interlace
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(png);
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr.toByteArray());
    chunk(out, "IDAT", idat.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return Files.write(file, png.toByteArray());
  }

  /** The first {@code fraction} of {@code jpeg}'s bytes, as a download cut short leaves it. */
  public static Path truncated(Path jpeg, double fraction, Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(jpeg);
    return Files.write(file, java.util.Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
  }

  /** One PNG chunk: length, type, data, CRC of type and data. */
  static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(data.length);
    out.write(name);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }
}

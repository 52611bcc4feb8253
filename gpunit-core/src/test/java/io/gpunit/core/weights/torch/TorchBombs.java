package io.gpunit.core.weights.torch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Decompression bombs in the torch.save layout, for tests: a state dict {@code {"w": tensor}} whose
 * one float32 storage declares {@code numel} elements and holds that many zeros, DEFLATED, so the
 * file stays small on disk (about 1 KB per MB declared) however much it inflates to.
 */
public final class TorchBombs {

  /**
   * The element count of the bomb a real trial used: ~2.1 GB of float32 zeros (about 9 MB on disk
   * at the fastest deflate level, which keeps the tests quick).
   */
  public static final long TRIAL_NUMEL = 536_870_000L;

  private TorchBombs() {}

  /** The bomb whose tensor {@code w} views all {@code numel} elements of its storage. */
  public static Path zeroStorage(Path file, long numel) throws IOException {
    return zeroStorage(file, numel, numel);
  }

  /** The bomb whose tensor {@code w} is the first {@code tensorNumel} elements of its storage. */
  public static Path zeroStorage(Path file, long storageNumel, long tensorNumel)
      throws IOException {
    Py.Storage storage = new Py.Storage("0", "FloatStorage", storageNumel, new byte[0]);
    byte[] pickle =
        TorchSaveWriter.pickle(
            Py.OrderedDict.stateDict("w", Py.Tensor.contiguous(storage, 0, tensorNumel)));
    try (OutputStream os = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(os)) {
      zip.setLevel(Deflater.BEST_SPEED);
      put(zip, "archive/data.pkl", pickle);
      put(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
      zip.putNextEntry(new ZipEntry("archive/data/0"));
      byte[] zeros = new byte[1 << 20];
      for (long left = storageNumel * 4; left > 0; left -= zeros.length) {
        zip.write(zeros, 0, (int) Math.min(left, zeros.length));
      }
      zip.closeEntry();
      put(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
    return file;
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }
}

package io.gpunit.core.weights.torch;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The ZIP container {@code torch.save} writes (PyTorch ≥ 1.6): one top-level folder (the archive
 * name, often {@code archive}) holding {@code data.pkl}, {@code data/<key>} for each storage, {@code
 * version} and, since PyTorch 1.11 or so, {@code byteorder} ({@code little} or {@code big}; absent
 * means little, the byte order of every platform PyTorch ships for).
 */
final class TorchArchive implements Closeable {
  /** data.pkl holds structure only (tensor bytes live elsewhere); anything larger is not a checkpoint. */
  static final int MAX_PICKLE_BYTES = 256 << 20;

  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

  private final Path file;
  private final ZipFile zip;
  private final String prefix;
  private final ByteOrder order;

  private TorchArchive(Path file, ZipFile zip, String prefix) throws IOException {
    this.file = file;
    this.zip = zip;
    this.prefix = prefix;
    this.order = readByteOrder();
  }

  static TorchArchive open(Path file) throws IOException {
    checkMagic(file);
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new TorchCheckpointException(file + ": unreadable ZIP container: " + e.getMessage(), e);
    }
    try {
      return new TorchArchive(file, zip, findPrefix(file, zip));
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  private static void checkMagic(Path file) throws IOException {
    byte[] head = new byte[4];
    int read;
    try (InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(head, 0, 4);
    }
    if (read == 4 && Arrays.equals(head, ZIP_MAGIC)) {
      return;
    }
    if (read >= 2 && (head[0] & 0xff) == 0x80 && head[1] == 2) {
      throw new TorchCheckpointException(
          file + " is a legacy (pre-1.6, non-ZIP) torch.save file, which is not supported;"
              + " re-save it with torch >= 1.6 (torch.save(torch.load(f), f2))");
    }
    throw new TorchCheckpointException(
        file + " is not a torch.save checkpoint: it does not start with a ZIP header");
  }

  /** The single top-level folder that holds data.pkl. */
  private static String findPrefix(Path file, ZipFile zip) throws TorchCheckpointException {
    List<String> prefixes = new ArrayList<>();
    List<String> sample = new ArrayList<>();
    boolean torchScript = false;
    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
      String name = e.nextElement().getName();
      if (sample.size() < 5) {
        sample.add(name);
      }
      int slash = name.indexOf('/');
      if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
        prefixes.add(name.substring(0, slash + 1));
      }
      torchScript |= slash > 0 && name.substring(slash + 1).equals("constants.pkl");
    }
    if (torchScript) {
      throw new TorchCheckpointException(
          file + " is a TorchScript archive (torch.jit.save); save the model's state_dict()"
              + " with torch.save instead");
    }
    if (prefixes.size() != 1) {
      throw new TorchCheckpointException(
          file + ": expected exactly one '<archive>/data.pkl' entry, found " + prefixes.size()
              + (prefixes.isEmpty() ? " (first entries: " + sample + ")" : " " + prefixes));
    }
    return prefixes.get(0);
  }

  private ByteOrder readByteOrder() throws IOException {
    ZipEntry entry = zip.getEntry(prefix + "byteorder");
    if (entry == null) {
      return ByteOrder.LITTLE_ENDIAN;
    }
    String value = new String(read(entry, 16, "byteorder"), StandardCharsets.US_ASCII).strip();
    return switch (value) {
      case "little" -> ByteOrder.LITTLE_ENDIAN;
      case "big" -> ByteOrder.BIG_ENDIAN;
      default -> throw new TorchCheckpointException(
          file + ": " + prefix + "byteorder is '" + value + "', expected 'little' or 'big'");
    };
  }

  /** The bytes of {@code <archive>/data.pkl}. */
  byte[] pickle() throws IOException {
    return read(zip.getEntry(prefix + "data.pkl"), MAX_PICKLE_BYTES, "data.pkl");
  }

  /**
   * The first {@code needed} bytes of a storage (the part its tensors address; at most its declared
   * {@code numel × elementSize}), in the file's byte order. The entry is inflated straight into an
   * array of exactly that size, so a storage that inflates to more than it declares can never
   * allocate more than the caller budgeted.
   */
  ByteBuffer storage(StorageRef ref, long needed) throws IOException {
    String name = prefix + "data/" + ref.key();
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new TorchCheckpointException(
          file + ": storage '" + ref.key() + "' is referenced by data.pkl but entry " + name
              + " is missing");
    }
    long declared = ref.byteSize();
    if (entry.getSize() >= 0 && entry.getSize() != declared) {
      throw new TorchCheckpointException(
          file + ": entry " + name + " holds " + entry.getSize() + " bytes but data.pkl declares "
              + ref.numel() + " x " + ref.dtype() + " = " + declared + " bytes");
    }
    if (needed < 0 || needed > declared) {
      throw new IllegalArgumentException(
          "needed " + needed + " bytes of a " + declared + "-byte storage");
    }
    byte[] bytes = new byte[Math.toIntExact(needed)];
    try (InputStream in = zip.getInputStream(entry)) {
      int read = in.readNBytes(bytes, 0, bytes.length);
      if (read != bytes.length) {
        throw new TorchCheckpointException(
            file + ": entry " + name + " holds " + read + " bytes, expected " + declared);
      }
      // A storage read whole must end where declared; a prefix read leaves the rest unread.
      if (needed == declared && in.read() != -1) {
        throw new TorchCheckpointException(
            file + ": entry " + name + " is larger than the " + declared + " bytes declared");
      }
    } catch (ZipException e) {
      throw new TorchCheckpointException(file + ": corrupt ZIP entry " + name, e);
    }
    return ByteBuffer.wrap(bytes).order(order);
  }

  /** Reads at most {@code limit} bytes, failing if the entry has more (whatever it declares). */
  private byte[] read(ZipEntry entry, int limit, String what) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] bytes = in.readNBytes(limit);
      if (in.read() != -1) {
        throw new TorchCheckpointException(
            file + ": " + what + " is larger than the " + limit + " bytes expected");
      }
      return bytes;
    } catch (ZipException e) {
      throw new TorchCheckpointException(file + ": corrupt ZIP entry " + what, e);
    }
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}

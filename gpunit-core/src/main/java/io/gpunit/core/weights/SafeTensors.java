package io.gpunit.core.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format:
 *
 * <pre>
 * [u64 little-endian N][N bytes of UTF-8 JSON header][data buffer]
 * header = { name: {"dtype": "F16", "shape": [..], "data_offsets": [begin, end]}, ...,
 *            "__metadata__": {str: str} }          (offsets relative to the data buffer)
 * </pre>
 *
 * <p>Reading validates the whole header against the actual size before touching the data (see
 * {@link SafeTensorsFile}); every problem is a {@link WeightFileException} naming the source and
 * the tensor.
 */
public final class SafeTensors {

  private SafeTensors() {}

  /**
   * Reads {@code path}. The data is memory-mapped read-only, not copied; the file must not be
   * truncated while the result is in use.
   */
  public static SafeTensorsFile read(Path path) {
    SafeTensorsHeader.Source src = new SafeTensorsHeader.Source(path.toString(), path);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long fileSize = channel.size();
      if (fileSize < 8) {
        throw src.error(
            "file is " + fileSize + " bytes, shorter than the 8-byte header length: truncated?");
      }
      long headerLength = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      SafeTensorsHeader.checkHeaderLength(src, headerLength, fileSize);
      long dataStart = 8 + headerLength;
      SafeTensorsHeader header =
          SafeTensorsHeader.parse(
              src, readFully(channel, 8, (int) headerLength), fileSize - dataStart);
      return new SafeTensorsFile(src, header, mapTensors(src, channel, header, dataStart));
    } catch (IOException e) {
      throw src.error("cannot read: " + e, e);
    }
  }

  /** Reads a safetensors file from {@code in} (to its end); {@code description} names it in errors. */
  public static SafeTensorsFile read(InputStream in, String description) {
    try {
      return read(in.readAllBytes(), description);
    } catch (IOException e) {
      throw new WeightFileException(description, null, "cannot read: " + e, e);
    }
  }

  public static SafeTensorsFile read(InputStream in) {
    return read(in, "<stream>");
  }

  /** Reads a safetensors file held in {@code bytes} (not copied: do not modify them afterwards). */
  public static SafeTensorsFile read(byte[] bytes, String description) {
    SafeTensorsHeader.Source src = new SafeTensorsHeader.Source(description, null);
    if (bytes.length < 8) {
      throw src.error(
          "only " + bytes.length + " bytes, shorter than the 8-byte header length: truncated?");
    }
    ByteBuffer all = ByteBuffer.wrap(bytes).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = all.getLong(0);
    SafeTensorsHeader.checkHeaderLength(src, headerLength, bytes.length);
    int dataStart = 8 + (int) headerLength;
    SafeTensorsHeader header =
        SafeTensorsHeader.parse(
            src, all.slice(8, (int) headerLength), (long) bytes.length - dataStart);
    Map<String, ByteBuffer> data = new LinkedHashMap<>();
    header
        .tensors()
        .forEach(
            (name, info) ->
                data.put(
                    name,
                    all.slice(dataStart + (int) info.begin(), (int) info.byteLength())));
    return new SafeTensorsFile(src, header, data);
  }

  public static SafeTensorsFile read(byte[] bytes) {
    return read(bytes, "<bytes>");
  }

  /** A writer for a new safetensors file. */
  public static SafeTensorsWriter writer() {
    return new SafeTensorsWriter();
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (channel.read(buf, position + buf.position()) < 0) {
        throw new IOException("unexpected end of file at byte " + (position + buf.position()));
      }
    }
    return buf.flip();
  }

  /**
   * Maps the data buffer once when it fits one mapping (2 GiB), else each tensor separately; a
   * single tensor must fit one mapping either way (it must fit one Java array to be decoded).
   */
  private static Map<String, ByteBuffer> mapTensors(
      SafeTensorsHeader.Source src, FileChannel channel, SafeTensorsHeader header, long dataStart)
      throws IOException {
    long dataLength = channel.size() - dataStart;
    Map<String, ByteBuffer> data = new LinkedHashMap<>();
    ByteBuffer whole =
        dataLength <= Integer.MAX_VALUE
            ? channel.map(FileChannel.MapMode.READ_ONLY, dataStart, dataLength)
            : null;
    for (TensorInfo info : header.tensors().values()) {
      if (info.byteLength() > Integer.MAX_VALUE) {
        throw src.tensorError(
            info.name(), info.byteLength() + " bytes is more than one array can hold");
      }
      data.put(
          info.name(),
          whole != null
              ? whole.slice((int) info.begin(), (int) info.byteLength())
              : channel.map(
                  FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.byteLength()));
    }
    return data;
  }
}

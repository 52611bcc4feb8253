package io.gpunit.core.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gpunit.core.io.AtomicFiles;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Collects named tensors and writes them as one safetensors file.
 *
 * <p>Like the reference implementation, tensors are laid out by descending element size, then by
 * name, so every tensor starts at a multiple of its element size (the buffer itself starts 8-aligned
 * because the header is padded with spaces to a multiple of 8). Arrays are encoded when the file is
 * written, not when they are added.
 */
public final class SafeTensorsWriter {

  private record Entry(String name, INDArray array, TensorDType dtype) {}

  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  SafeTensorsWriter() {}

  /** Adds a {@code __metadata__} entry. */
  public SafeTensorsWriter metadata(String key, String value) {
    metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Adds {@code array} stored in the type that holds its ND4J type without loss. */
  public SafeTensorsWriter add(String name, INDArray array) {
    return add(name, array, TensorDType.nativeFor(array.dataType()));
  }

  /**
   * Adds {@code array} stored as {@code dtype}: F16/BF16 round to nearest even; integers must fit;
   * floating arrays cannot be stored as integers.
   */
  public SafeTensorsWriter add(String name, INDArray array, TensorDType dtype) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(array, "array");
    Objects.requireNonNull(dtype, "dtype");
    if (name.equals(SafeTensorsHeader.METADATA_KEY)) {
      throw new IllegalArgumentException("'" + name + "' is reserved for the metadata");
    }
    if (entries.containsKey(name)) {
      throw new IllegalArgumentException("tensor '" + name + "' added twice");
    }
    TensorCodec.checkConvertible(name, array.dataType(), dtype);
    entries.put(name, new Entry(name, array, dtype));
    return this;
  }

  /** Adds every tensor of {@code tensors}, each in its lossless type. */
  public SafeTensorsWriter addAll(Map<String, INDArray> tensors) {
    tensors.forEach(this::add);
    return this;
  }

  /**
   * Writes the file through {@link AtomicFiles}: a temporary file beside {@code path}, synced and
   * renamed into place, so readers never see a partial file.
   */
  public void write(Path path) {
    try {
      AtomicFiles.write(path, this::writeTo);
    } catch (IOException e) {
      throw new WeightFileException(path.toString(), path, "cannot write: " + e, e);
    }
  }

  /** The file's bytes. */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes the file's bytes to {@code out} (not closed). */
  public void writeTo(OutputStream out) throws IOException {
    List<Entry> ordered = new ArrayList<>(entries.values());
    ordered.sort(
        Comparator.comparingInt((Entry e) -> -e.dtype().byteSize()).thenComparing(Entry::name));
    ObjectNode header = SafeTensorsHeader.JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject(SafeTensorsHeader.METADATA_KEY);
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Entry e : ordered) {
      long bytes = Math.multiplyExact(e.array().length(), e.dtype().byteSize());
      ObjectNode info = header.putObject(e.name());
      info.put("dtype", e.dtype().code());
      ArrayNode shape = info.putArray("shape");
      Arrays.stream(e.array().shape()).forEach(shape::add);
      info.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    out.write(paddedHeader(header));
    for (Entry e : ordered) {
      out.write(TensorCodec.encode(e.name(), e.array(), e.dtype()));
    }
  }

  private static byte[] paddedHeader(ObjectNode header) throws JsonProcessingException {
    byte[] json = SafeTensorsHeader.JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer buf = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(padded).put(json);
    while (buf.hasRemaining()) {
      buf.put((byte) ' ');
    }
    return buf.array();
  }

}

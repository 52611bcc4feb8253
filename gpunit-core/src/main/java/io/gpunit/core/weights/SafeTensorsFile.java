package io.gpunit.core.weights;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The validated contents of one safetensors file: its metadata, its tensors' header entries, and
 * (read-only, usually memory-mapped) their bytes. Immutable and safe to share between threads; each
 * {@link #get} decodes a fresh array. Create with {@link SafeTensors#read}.
 */
public final class SafeTensorsFile implements TensorSource {

  private final SafeTensorsHeader.Source source;
  private final SafeTensorsHeader header;
  private final Map<String, ByteBuffer> data;

  SafeTensorsFile(
      SafeTensorsHeader.Source source, SafeTensorsHeader header, Map<String, ByteBuffer> data) {
    this.source = source;
    this.header = header;
    this.data = Map.copyOf(data);
  }

  /** The file's path, or a description of the stream or bytes it was read from. */
  public String source() {
    return source.description();
  }

  @Override
  public String description() {
    return source.description();
  }

  /** The file read; empty when read from a stream or bytes. */
  public Optional<Path> path() {
    return Optional.ofNullable(source.path());
  }

  /** Tensor names, in header order. */
  @Override
  public List<String> names() {
    return List.copyOf(header.tensors().keySet());
  }

  public boolean contains(String name) {
    return header.tensors().containsKey(name);
  }

  /** The {@code __metadata__} map (empty if the file has none). */
  public Map<String, String> metadata() {
    return header.metadata();
  }

  /** The header entry of tensor {@code name}: dtype, shape and byte range. */
  public TensorInfo info(String name) {
    TensorInfo info = header.tensors().get(name);
    if (info == null) {
      throw new IllegalArgumentException(
          source.description()
              + ": no tensor '"
              + name
              + "' (the file holds "
              + header.tensors().size()
              + " tensors)");
    }
    return info;
  }

  @Override
  public long[] shape(String name) {
    return info(name).shape();
  }

  /**
   * Tensor {@code name}: F64 as DOUBLE, F32 as FLOAT, F16 and BF16 up-cast exactly to FLOAT, integer
   * and BOOL tensors as the ND4J type of the same width ({@link TensorDType#decodedType()}).
   */
  @Override
  public INDArray get(String name) {
    TensorInfo info = info(name);
    return TensorCodec.decode(info, data.get(name));
  }

  /** Tensor {@code name} converted to FLOAT, whatever its stored type. */
  public INDArray getAsFloat(String name) {
    INDArray value = get(name);
    return value.dataType() == DataType.FLOAT ? value : value.castTo(DataType.FLOAT);
  }

  @Override
  public String toString() {
    return "SafeTensorsFile[" + source.description() + ", " + header.tensors().size() + " tensors]";
  }
}

package io.gpunit.core.weights.torch;

import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The tensor element types a checkpoint may hold, with the names PyTorch pickles for them and the
 * ND4J type they load as. Half and bfloat16 load as {@link DataType#FLOAT}: the values are exact in
 * float32, and ND4J's CPU kernels for the 16-bit types are slow or missing.
 */
public enum TorchDType {
  FLOAT32("FloatStorage", List.of("float32", "float"), 4, DataType.FLOAT),
  FLOAT64("DoubleStorage", List.of("float64", "double"), 8, DataType.DOUBLE),
  FLOAT16("HalfStorage", List.of("float16", "half"), 2, DataType.FLOAT),
  BFLOAT16("BFloat16Storage", List.of("bfloat16"), 2, DataType.FLOAT),
  INT64("LongStorage", List.of("int64", "long"), 8, DataType.INT64),
  INT32("IntStorage", List.of("int32", "int"), 4, DataType.INT32),
  INT16("ShortStorage", List.of("int16", "short"), 2, DataType.INT16),
  INT8("CharStorage", List.of("int8"), 1, DataType.INT8),
  UINT8("ByteStorage", List.of("uint8"), 1, DataType.UINT8),
  BOOL("BoolStorage", List.of("bool"), 1, DataType.BOOL);

  private final String storageClass;
  private final List<String> torchNames;
  private final int elementSize;
  private final DataType nd4jType;

  TorchDType(String storageClass, List<String> torchNames, int elementSize, DataType nd4jType) {
    this.storageClass = storageClass;
    this.torchNames = torchNames;
    this.elementSize = elementSize;
    this.nd4jType = nd4jType;
  }

  /** The legacy storage class PyTorch pickles for this type, e.g. {@code FloatStorage}. */
  public String storageClass() {
    return storageClass;
  }

  /** Bytes per element in a storage. */
  public int elementSize() {
    return elementSize;
  }

  /** The ND4J type a tensor of this type loads as. */
  public DataType nd4jType() {
    return nd4jType;
  }

  /** The type whose storage class is {@code name} (in module {@code torch}), if any. */
  static Optional<TorchDType> byStorageClass(String name) {
    for (TorchDType t : values()) {
      if (t.storageClass.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The type that {@code torch.<name>} denotes ({@code float32}, {@code half}, ...), if any. */
  static Optional<TorchDType> byTorchName(String name) {
    for (TorchDType t : values()) {
      if (t.torchNames.contains(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}

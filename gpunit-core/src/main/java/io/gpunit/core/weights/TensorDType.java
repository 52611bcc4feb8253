package io.gpunit.core.weights;

import java.util.Arrays;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The safetensors element types this package reads and writes, with their on-disk size and the ND4J
 * type {@link SafeTensorsFile#get} decodes them to. F16 and BF16 decode to FLOAT, which represents
 * every half and bfloat16 value exactly; the integer types keep their width.
 */
public enum TensorDType {
  F64("F64", 8, DataType.DOUBLE, true),
  F32("F32", 4, DataType.FLOAT, true),
  F16("F16", 2, DataType.FLOAT, true),
  BF16("BF16", 2, DataType.FLOAT, true),
  I64("I64", 8, DataType.LONG, false),
  I32("I32", 4, DataType.INT, false),
  I16("I16", 2, DataType.SHORT, false),
  I8("I8", 1, DataType.BYTE, false),
  U8("U8", 1, DataType.UBYTE, false),
  BOOL("BOOL", 1, DataType.BOOL, false);

  private final String code;
  private final int byteSize;
  private final DataType decodedType;
  private final boolean floating;

  TensorDType(String code, int byteSize, DataType decodedType, boolean floating) {
    this.code = code;
    this.byteSize = byteSize;
    this.decodedType = decodedType;
    this.floating = floating;
  }

  /** The name used in a safetensors header ({@code "F16"}). */
  public String code() {
    return code;
  }

  /** Bytes per element on disk. */
  public int byteSize() {
    return byteSize;
  }

  /** The ND4J type an element of this type is decoded to. */
  public DataType decodedType() {
    return decodedType;
  }

  public boolean isFloating() {
    return floating;
  }

  /** The type whose header name is {@code code}, if this package supports it. */
  public static Optional<TensorDType> fromCode(String code) {
    return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
  }

  /** The type that stores an ND4J array of type {@code type} without loss. */
  public static TensorDType nativeFor(DataType type) {
    return switch (type) {
      case DOUBLE -> F64;
      case FLOAT -> F32;
      case HALF -> F16;
      case BFLOAT16 -> BF16;
      case LONG -> I64;
      case INT -> I32;
      case SHORT -> I16;
      case BYTE -> I8;
      case UBYTE -> U8;
      case BOOL -> BOOL;
      default -> throw new IllegalArgumentException(
          "no safetensors type stores ND4J " + type + " without loss; pass the type to store");
    };
  }
}

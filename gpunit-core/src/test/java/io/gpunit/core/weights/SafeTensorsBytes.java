package io.gpunit.core.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds safetensors files byte by byte, independently of {@link SafeTensorsWriter}. */
final class SafeTensorsBytes {

  private SafeTensorsBytes() {}

  /** {@code [u64 LE header length][header][data]}. */
  static byte[] file(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return file(json.length, json, data);
  }

  /** A file whose length field says {@code declaredLength}, whatever the header really holds. */
  static byte[] file(long declaredLength, byte[] header, byte[] data) {
    return ByteBuffer.allocate(8 + header.length + data.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(declaredLength)
        .put(header)
        .put(data)
        .array();
  }

  /** A little-endian buffer of {@code n} bytes to fill by hand. */
  static ByteBuffer data(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A one-tensor header entry. */
  static String entry(String name, String dtype, String shape, long begin, long end) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
        + ",\"data_offsets\":[" + begin + "," + end + "]}";
  }
}

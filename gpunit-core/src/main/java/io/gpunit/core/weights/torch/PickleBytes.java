package io.gpunit.core.weights.torch;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked little-endian cursor over a pickle. Every read states how many bytes it needs,
 * so a truncated or lying length field fails with the offset instead of reading past the end.
 */
final class PickleBytes {
  private final byte[] data;
  private int position;

  PickleBytes(byte[] data) {
    this.data = data;
  }

  int position() {
    return position;
  }

  boolean atEnd() {
    return position >= data.length;
  }

  int u8(String what) throws TorchCheckpointException {
    require(1, what);
    return data[position++] & 0xff;
  }

  int u16(String what) throws TorchCheckpointException {
    require(2, what);
    int v = (data[position] & 0xff) | (data[position + 1] & 0xff) << 8;
    position += 2;
    return v;
  }

  int i32(String what) throws TorchCheckpointException {
    require(4, what);
    int v =
        (data[position] & 0xff)
            | (data[position + 1] & 0xff) << 8
            | (data[position + 2] & 0xff) << 16
            | (data[position + 3] & 0xff) << 24;
    position += 4;
    return v;
  }

  long u32(String what) throws TorchCheckpointException {
    return i32(what) & 0xffffffffL;
  }

  long i64(String what) throws TorchCheckpointException {
    long low = u32(what);
    long high = u32(what);
    return low | high << 32;
  }

  /** A big-endian IEEE double (BINFLOAT is the one big-endian field in the protocol). */
  double f64BigEndian(String what) throws TorchCheckpointException {
    require(8, what);
    double v = ByteBuffer.wrap(data, position, 8).getDouble();
    position += 8;
    return v;
  }

  byte[] bytes(long length, String what) throws TorchCheckpointException {
    if (length < 0) {
      throw new TorchCheckpointException(
          what + " at pickle offset " + position + " has a negative length " + length);
    }
    require(length, what);
    byte[] out = new byte[(int) length];
    System.arraycopy(data, position, out, 0, (int) length);
    position += (int) length;
    return out;
  }

  /** A line ending in '\n' (the text arguments of GLOBAL), decoded as UTF-8. */
  String line(String what) throws TorchCheckpointException {
    int start = position;
    int end = start;
    while (end < data.length && data[end] != '\n') {
      end++;
    }
    if (end >= data.length) {
      throw new TorchCheckpointException(
          "Truncated pickle: " + what + " at offset " + start + " has no terminating newline");
    }
    position = end + 1;
    return decodeUtf8(data, start, end - start, what, start);
  }

  String utf8(long length, String what) throws TorchCheckpointException {
    int start = position;
    byte[] raw = bytes(length, what);
    return decodeUtf8(raw, 0, raw.length, what, start);
  }

  private static String decodeUtf8(byte[] raw, int from, int length, String what, int offset)
      throws TorchCheckpointException {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw, from, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new TorchCheckpointException(
          what + " at pickle offset " + offset + " is not valid UTF-8", e);
    }
  }

  private void require(long count, String what) throws TorchCheckpointException {
    long remaining = data.length - position;
    if (count > remaining) {
      throw new TorchCheckpointException(
          "Truncated pickle: "
              + what
              + " at offset "
              + position
              + " needs "
              + count
              + " bytes but only "
              + remaining
              + " remain");
    }
  }
}

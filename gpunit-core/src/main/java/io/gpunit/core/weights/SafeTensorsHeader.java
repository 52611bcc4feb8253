package io.gpunit.core.weights;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The parsed and validated JSON header of a safetensors file.
 *
 * <p>The header is untrusted input, so every number is checked before it is used: shapes are
 * non-negative integers whose product does not overflow, each tensor's byte range lies inside the
 * data buffer and matches {@code product(shape) × dtype size}, and the ranges tile the buffer exactly
 * (no overlap, no hole, nothing after the last tensor), as the format requires.
 */
final class SafeTensorsHeader {

  /** The reference implementation's limit; a larger header is corrupt, not a big model. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  static final String METADATA_KEY = "__metadata__";

  /** Immutable once configured; strict about duplicate keys and anything after the object. */
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Map<String, String> metadata;
  private final Map<String, TensorInfo> tensors;

  private SafeTensorsHeader(Map<String, String> metadata, Map<String, TensorInfo> tensors) {
    this.metadata = Collections.unmodifiableMap(metadata);
    this.tensors = Collections.unmodifiableMap(tensors);
  }

  Map<String, String> metadata() {
    return metadata;
  }

  /** Header entries in header order. */
  Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /**
   * Checks the 8-byte header length against the file size before anything is allocated from it.
   */
  static void checkHeaderLength(Source src, long headerLength, long fileSize) {
    if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
      throw src.error(
          "header length "
              + Long.toUnsignedString(headerLength)
              + " is absurd (limit "
              + MAX_HEADER_BYTES
              + " bytes): not a safetensors file, or corrupt");
    }
    if (headerLength > fileSize - 8) {
      throw src.error(
          "header length "
              + headerLength
              + " runs past the end of the file ("
              + fileSize
              + " bytes, so at most "
              + (fileSize - 8)
              + " header bytes): file truncated?");
    }
  }

  /** Parses and validates {@code header}, given that the data buffer holds {@code dataLength} bytes. */
  static SafeTensorsHeader parse(Source src, ByteBuffer header, long dataLength) {
    JsonNode root = parseJson(src, decodeUtf8(src, header));
    if (!root.isObject()) {
      throw src.error("header is JSON but not an object (found " + root.getNodeType() + ")");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals(METADATA_KEY)) {
        metadata.putAll(parseMetadata(src, field.getValue()));
      } else {
        TensorInfo info = parseEntry(src, field.getKey(), field.getValue(), dataLength);
        tensors.put(info.name(), info);
      }
    }
    checkCoverage(src, tensors.values(), dataLength);
    return new SafeTensorsHeader(metadata, tensors);
  }

  private static String decodeUtf8(Source src, ByteBuffer header) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(header)
          .toString();
    } catch (CharacterCodingException e) {
      throw src.error("header is not valid UTF-8", e);
    }
  }

  private static JsonNode parseJson(Source src, String text) {
    if (text.isBlank()) {
      throw src.error("header is empty; expected a JSON object");
    }
    try {
      return JSON.readTree(text);
    } catch (JacksonException e) {
      throw src.error("header is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Map<String, String> parseMetadata(Source src, JsonNode node) {
    if (!node.isObject()) {
      throw src.error("'" + METADATA_KEY + "' must be an object of strings, found " + node.getNodeType());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw src.error(
            "'" + METADATA_KEY + "' value for '" + e.getKey() + "' must be a string, found "
                + e.getValue().getNodeType());
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static TensorInfo parseEntry(Source src, String name, JsonNode node, long dataLength) {
    if (!node.isObject()) {
      throw src.tensorError(name, "entry must be an object, found " + node.getNodeType());
    }
    TensorDType dtype = parseDType(src, name, required(src, name, node, "dtype"));
    long[] shape = parseNonNegativeIntegers(src, name, "shape", required(src, name, node, "shape"));
    long[] offsets =
        parseNonNegativeIntegers(src, name, "data_offsets", required(src, name, node, "data_offsets"));
    if (offsets.length != 2) {
      throw src.tensorError(
          name, "data_offsets must be [begin, end], found " + offsets.length + " numbers");
    }
    long begin = offsets[0];
    long end = offsets[1];
    if (end < begin) {
      throw src.tensorError(name, "data_offsets [" + begin + ", " + end + "] end before begin");
    }
    if (end > dataLength) {
      throw src.tensorError(
          name,
          "data_offsets ["
              + begin
              + ", "
              + end
              + "] run past the end of the data buffer ("
              + dataLength
              + " bytes): file truncated?");
    }
    long expectedBytes;
    try {
      long elements = Arrays.stream(shape).reduce(1L, Math::multiplyExact);
      expectedBytes = Math.multiplyExact(elements, dtype.byteSize());
    } catch (ArithmeticException e) {
      throw src.tensorError(name, "shape " + Arrays.toString(shape) + " overflows a 64-bit size");
    }
    if (end - begin != expectedBytes) {
      throw src.tensorError(
          name,
          "data_offsets ["
              + begin
              + ", "
              + end
              + "] hold "
              + (end - begin)
              + " bytes but shape "
              + Arrays.toString(shape)
              + " of "
              + dtype.code()
              + " needs "
              + expectedBytes);
    }
    return new TensorInfo(name, dtype, shape, begin, end);
  }

  private static JsonNode required(Source src, String name, JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    if (value == null) {
      throw src.tensorError(name, "entry has no '" + field + "'");
    }
    return value;
  }

  private static TensorDType parseDType(Source src, String name, JsonNode node) {
    if (!node.isTextual()) {
      throw src.tensorError(name, "dtype must be a string, found " + node.getNodeType());
    }
    return TensorDType.fromCode(node.textValue())
        .orElseThrow(
            () ->
                src.tensorError(
                    name,
                    "unknown or unsupported dtype '"
                        + node.textValue()
                        + "' (supported: "
                        + Arrays.stream(TensorDType.values())
                            .map(TensorDType::code)
                            .collect(Collectors.joining(", "))
                        + ")"));
  }

  private static long[] parseNonNegativeIntegers(
      Source src, String name, String field, JsonNode node) {
    if (!node.isArray()) {
      throw src.tensorError(name, field + " must be an array, found " + node.getNodeType());
    }
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw src.tensorError(
            name, field + "[" + i + "] must be a non-negative 64-bit integer, found " + v);
      }
      out[i] = v.longValue();
    }
    return out;
  }

  /** The byte ranges, in offset order, must tile {@code [0, dataLength)} exactly. */
  private static void checkCoverage(Source src, Iterable<TensorInfo> tensors, long dataLength) {
    List<TensorInfo> byOffset = new ArrayList<>();
    tensors.forEach(byOffset::add);
    byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    long covered = 0;
    TensorInfo previous = null;
    for (TensorInfo t : byOffset) {
      if (t.begin() < covered) {
        throw src.tensorError(
            t.name(),
            "data_offsets ["
                + t.begin()
                + ", "
                + t.end()
                + ") overlap tensor '"
                + previous.name()
                + "' at ["
                + previous.begin()
                + ", "
                + previous.end()
                + ")");
      }
      if (t.begin() > covered) {
        throw src.tensorError(
            t.name(),
            "bytes ["
                + covered
                + ", "
                + t.begin()
                + ") before this tensor belong to no tensor (the buffer must be fully covered)");
      }
      covered = t.end();
      previous = t;
    }
    if (covered != dataLength) {
      throw src.error(
          "data past the last tensor: bytes ["
              + covered
              + ", "
              + dataLength
              + ") of the data buffer belong to no tensor (the buffer must be fully covered)");
    }
  }

  /** Where the bytes came from, for error messages. */
  record Source(String description, Path path) {

    WeightFileException error(String message) {
      return new WeightFileException(description, path, message);
    }

    WeightFileException error(String message, Throwable cause) {
      return new WeightFileException(description, path, message, cause);
    }

    WeightFileException tensorError(String tensor, String message) {
      return error("tensor '" + tensor + "': " + message);
    }
  }
}

package io.gpunit.core.weights;

import static io.gpunit.core.weights.SafeTensorsBytes.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every malformed file is rejected with a message naming the file and, where one is at fault, the tensor. */
class SafeTensorsValidationTest {

  private static final String NAME = "bad.safetensors";

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] bytes) {
    return assertThatThrownBy(() -> SafeTensors.read(bytes, NAME))
        .isInstanceOf(WeightFileException.class)
        .hasMessageStartingWith(NAME + ": ");
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      String header, int dataBytes) {
    return assertRejected(SafeTensorsBytes.file(header, new byte[dataBytes]));
  }

  /** Two F32 tensors covering 16 bytes: "a" [2] at [0,8), "b" [2] at [8,16). */
  private static String twoTensors(long aBegin, long aEnd, long bBegin, long bEnd) {
    return "{" + entry("a", "F32", "[2]", aBegin, aEnd) + "," + entry("b", "F32", "[2]", bBegin, bEnd) + "}";
  }

  @Test
  void theTwoTensorBaselineIsValid() {
    assertThat(SafeTensors.read(SafeTensorsBytes.file(twoTensors(0, 8, 8, 16), new byte[16])).names())
        .containsExactly("a", "b");
  }

  @Test
  void rejectsTruncatedData() {
    byte[] whole = SafeTensorsBytes.file(twoTensors(0, 8, 8, 16), new byte[16]);

    assertRejected(Arrays.copyOf(whole, whole.length - 3))
        .hasMessageContaining("tensor 'b'")
        .hasMessageContaining("past the end of the data buffer (13 bytes)")
        .hasMessageContaining("truncated");
  }

  @Test
  void rejectsAFileShorterThanTheLengthField() {
    assertRejected(new byte[5]).hasMessageContaining("5 bytes").hasMessageContaining("truncated");
  }

  @Test
  void rejectsAHeaderLengthPastTheEndOfTheFile() {
    byte[] header = "{}".getBytes(StandardCharsets.UTF_8);

    assertRejected(SafeTensorsBytes.file(1000, header, new byte[0]))
        .hasMessageContaining("header length 1000 runs past the end of the file (10 bytes");
  }

  @Test
  void rejectsAnAbsurdHeaderLengthBeforeAllocatingIt() {
    byte[] header = "{}".getBytes(StandardCharsets.UTF_8);

    assertRejected(SafeTensorsBytes.file(200_000_000L, header, new byte[0]))
        .hasMessageContaining("absurd");
    assertRejected(SafeTensorsBytes.file(-1L, header, new byte[0]))
        .hasMessageContaining("18446744073709551615")
        .hasMessageContaining("absurd");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{not json}", "{\"a\":", "", "   "})
  void rejectsAHeaderThatIsNotJson(String header) {
    assertRejected(header, 0).hasMessageMatching(".*(not valid JSON|header is empty).*");
  }

  @Test
  void rejectsAHeaderThatIsNotUtf8() {
    byte[] header = {'{', (byte) 0xC3, (byte) 0x28, '}'};

    assertRejected(SafeTensorsBytes.file(header.length, header, new byte[0]))
        .hasMessageContaining("not valid UTF-8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2]", "\"text\"", "42"})
  void rejectsAHeaderThatIsNotAnObject(String header) {
    assertRejected(header, 0).hasMessageContaining("not an object");
  }

  @Test
  void rejectsGarbageAfterTheHeaderObject() {
    assertRejected("{} {}", 0).hasMessageContaining("not valid JSON");
  }

  @Test
  void acceptsSpacePaddingAfterTheHeaderObject() {
    assertThat(SafeTensors.read(SafeTensorsBytes.file("{}      ", new byte[0])).names()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dtype", "shape", "data_offsets"})
  void rejectsAnEntryWithoutARequiredField(String field) {
    String full = "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
    String withoutField = full.replaceAll("\"" + field + "\":(\"[^\"]*\"|\\[[^]]*\\]),?", "").replace(",}", "}");

    assertRejected("{\"w\":" + withoutField + "}", 8)
        .hasMessageContaining("tensor 'w'")
        .hasMessageContaining("no '" + field + "'");
  }

  @Test
  void rejectsAnEntryThatIsNotAnObject() {
    assertRejected("{\"w\":[1,2]}", 0).hasMessageContaining("tensor 'w': entry must be an object");
  }

  @Test
  void rejectsAnUnknownDtype() {
    assertRejected("{" + entry("w", "F17", "[2]", 0, 8) + "}", 8)
        .hasMessageContaining("tensor 'w'")
        .hasMessageContaining("unknown or unsupported dtype 'F17'")
        .hasMessageContaining("BF16");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[-2]", "[2.5]", "[\"2\"]", "[null]", "2", "[18446744073709551616]"})
  void rejectsAShapeThatIsNotNonNegativeIntegers(String shape) {
    assertRejected("{" + entry("w", "F32", shape, 0, 8) + "}", 8)
        .hasMessageContaining("tensor 'w'")
        .hasMessageContaining("shape");
  }

  @Test
  void rejectsAShapeWhoseProductOverflows() {
    assertRejected("{" + entry("w", "F32", "[4294967296,4294967296,16]", 0, 8) + "}", 8)
        .hasMessageContaining("tensor 'w'")
        .hasMessageContaining("overflows");
  }

  @Test
  void rejectsASizeThatDoesNotMatchTheShape() {
    assertRejected("{" + entry("w", "F32", "[3]", 0, 8) + "}", 8)
        .hasMessageContaining("tensor 'w'")
        .hasMessageContaining("hold 8 bytes but shape [3] of F32 needs 12");
  }

  @Test
  void rejectsOffsetsThatEndBeforeTheyBegin() {
    assertRejected("{" + entry("w", "F32", "[0]", 8, 0) + "}", 8)
        .hasMessageContaining("tensor 'w'")
        .hasMessageContaining("end before begin");
  }

  @Test
  void rejectsOffsetsOutOfRange() {
    assertRejected(twoTensors(0, 8, 16, 24), 16)
        .hasMessageContaining("tensor 'b'")
        .hasMessageContaining("[16, 24] run past the end of the data buffer (16 bytes)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[0]", "[0,8,16]", "[-8,0]", "[0,8.0]"})
  void rejectsMalformedDataOffsets(String offsets) {
    String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":" + offsets + "}}";

    assertRejected(header, 8).hasMessageContaining("tensor 'w'").hasMessageContaining("data_offsets");
  }

  @Test
  void rejectsOverlappingTensors() {
    String header =
        "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + ","
            + entry("c", "F32", "[1]", 12, 16) + "}";

    assertRejected(header, 16)
        .hasMessageContaining("tensor 'b'")
        .hasMessageContaining("overlap tensor 'a'");
  }

  @Test
  void rejectsAGapBetweenTensors() {
    assertRejected(twoTensors(0, 8, 12, 20), 20)
        .hasMessageContaining("tensor 'b'")
        .hasMessageContaining("bytes [8, 12)")
        .hasMessageContaining("belong to no tensor");
  }

  @Test
  void rejectsAGapBeforeTheFirstTensor() {
    assertRejected("{" + entry("a", "F32", "[2]", 4, 12) + "}", 12)
        .hasMessageContaining("tensor 'a'")
        .hasMessageContaining("bytes [0, 4)");
  }

  @Test
  void rejectsDataPastTheLastTensor() {
    assertRejected(twoTensors(0, 8, 8, 16), 20)
        .hasMessageContaining("data past the last tensor")
        .hasMessageContaining("[16, 20)");
  }

  @Test
  void rejectsDuplicateKeys() {
    String header = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("a", "F32", "[2]", 8, 16) + "}";

    assertRejected(header, 16).hasMessageContaining("Duplicate field 'a'");
  }

  @Test
  void rejectsMetadataThatIsNotStrings() {
    assertRejected("{\"__metadata__\":{\"epoch\":3}}", 0)
        .hasMessageContaining("'__metadata__' value for 'epoch' must be a string");
    assertRejected("{\"__metadata__\":[1]}", 0).hasMessageContaining("'__metadata__' must be an object");
  }

  @Test
  void errorsFromAFileCarryItsPath(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("broken.safetensors");
    byte[] whole = SafeTensorsBytes.file(twoTensors(0, 8, 8, 16), new byte[16]);
    Files.write(path, Arrays.copyOf(whole, whole.length - 1));

    assertThatThrownBy(() -> SafeTensors.read(path))
        .isInstanceOfSatisfying(
            WeightFileException.class, e -> assertThat(e.path()).contains(path))
        .hasMessageStartingWith(path + ": ")
        .hasMessageContaining("tensor 'b'")
        .hasMessageContaining("truncated");
  }

  @Test
  void aMissingFileIsAWeightFileExceptionWithItsPath(@TempDir Path dir) {
    Path path = dir.resolve("absent.safetensors");

    assertThatThrownBy(() -> SafeTensors.read(path))
        .isInstanceOfSatisfying(
            WeightFileException.class, e -> assertThat(e.path()).contains(path))
        .hasMessageContaining("cannot read");
  }

  @Test
  void validatesTheHeaderLengthOfAFileAgainstItsSize(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("short.safetensors");
    Files.write(
        path,
        ByteBuffer.allocate(10).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(50_000_000L).array());

    assertThatThrownBy(() -> SafeTensors.read(path))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("header length 50000000 runs past the end of the file (10 bytes");
  }
}

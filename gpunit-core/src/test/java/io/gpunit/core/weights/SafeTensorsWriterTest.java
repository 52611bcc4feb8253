package io.gpunit.core.weights;

import static io.gpunit.core.weights.SafeTensorsBytes.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SafeTensorsWriterTest {

  @Test
  void writesExactlyTheHandComputedBytes() {
    byte[] written =
        SafeTensors.writer()
            .metadata("k", "v")
            .add("x", Nd4j.createFromArray(1.5f, -2f))
            .toBytes();

    String json = "{\"__metadata__\":{\"k\":\"v\"}," + entry("x", "F32", "[2]", 0, 8) + "}";
    int padded = (json.length() + 7) / 8 * 8;
    ByteBuffer expected =
        ByteBuffer.allocate(8 + padded + 8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
    expected.put(json.getBytes(StandardCharsets.US_ASCII));
    while (expected.position() < 8 + padded) {
      expected.put((byte) ' ');
    }
    expected.putFloat(1.5f).putFloat(-2f);
    assertThat(written).isEqualTo(expected.array());
  }

  @Test
  void roundTripsEveryDtype(@TempDir Path dir) {
    Path path = dir.resolve("all.safetensors");
    INDArray f64 = Nd4j.createFromArray(new double[][] {{0.1, -1e300}, {Math.PI, 0}});
    INDArray f32 = Nd4j.createFromArray(1.25f, -3.5e-3f, 7e30f).reshape(3, 1);
    INDArray third = Nd4j.createFromArray(1f / 3, -2f, 65504f);
    INDArray i64 = Nd4j.createFromArray(Long.MIN_VALUE, 0L, Long.MAX_VALUE);
    INDArray i32 = Nd4j.createFromArray(Integer.MIN_VALUE, 7);
    INDArray small = Nd4j.createFromArray(-128, 0, 127);
    INDArray bytes = Nd4j.createFromArray(0, 200, 255);
    INDArray bool = Nd4j.createFromArray(true, false, true);

    SafeTensors.writer()
        .add("f64", f64)
        .add("f32", f32)
        .add("f16", third, TensorDType.F16)
        .add("bf16", third, TensorDType.BF16)
        .add("i64", i64)
        .add("i32", i32)
        .add("i16", small, TensorDType.I16)
        .add("i8", small, TensorDType.I8)
        .add("u8", bytes, TensorDType.U8)
        .add("bool", bool)
        .add("scalar", Nd4j.scalar(4000L))
        .add("empty", Nd4j.create(DataType.FLOAT, 0, 3))
        .write(path);
    SafeTensorsFile file = SafeTensors.read(path);

    assertThat(file.get("f64")).isEqualTo(f64);
    assertThat(file.get("f32")).isEqualTo(f32);
    assertThat(file.get("f16").toFloatVector()).containsExactly(0.333251953125f, -2f, 65504f);
    assertThat(file.get("bf16").toFloatVector()).containsExactly(0.333984375f, -2f, 65536f);
    assertThat(file.get("i64")).isEqualTo(i64);
    assertThat(file.get("i32").toIntVector()).containsExactly(Integer.MIN_VALUE, 7);
    assertThat(file.get("i16").toIntVector()).containsExactly(-128, 0, 127);
    assertThat(file.get("i8").toIntVector()).containsExactly(-128, 0, 127);
    assertThat(file.get("u8").toIntVector()).containsExactly(0, 200, 255);
    assertThat(file.get("bool")).isEqualTo(bool);
    assertThat(file.get("scalar").rank()).isZero();
    assertThat(file.get("scalar").getLong(0)).isEqualTo(4000L);
    assertThat(file.get("empty").shape()).containsExactly(0, 3);
    assertThat(file.info("f16").dtype()).isEqualTo(TensorDType.F16);
    assertThat(file.info("bf16").dtype()).isEqualTo(TensorDType.BF16);
    assertThat(file.info("u8").dtype()).isEqualTo(TensorDType.U8);
    assertThat(file.info("scalar").dtype()).isEqualTo(TensorDType.I64);
  }

  @Test
  void laysTensorsOutByDescendingElementSizeThenName() {
    SafeTensorsFile file =
        SafeTensors.read(
            SafeTensors.writer()
                .add("b16", Nd4j.createFromArray(1f), TensorDType.F16)
                .add("z64", Nd4j.createFromArray(1.0))
                .add("a16", Nd4j.createFromArray(1f), TensorDType.F16)
                .add("a32", Nd4j.createFromArray(1f))
                .add("a64", Nd4j.createFromArray(1L))
                .toBytes());

    assertThat(file.names()).containsExactly("a64", "z64", "a32", "a16", "b16");
    assertThat(Stream.of("a64", "z64", "a32", "a16", "b16").map(n -> file.info(n).begin()))
        .containsExactly(0L, 8L, 16L, 20L, 22L);
  }

  @Test
  void padsTheHeaderWithSpacesToAMultipleOfEight() {
    for (String name : List.of("a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh")) {
      byte[] bytes = SafeTensors.writer().add(name, Nd4j.createFromArray(1f)).toBytes();
      long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);

      assertThat(headerLength % 8).isZero();
      assertThat(header.strip()).endsWith("}");
      assertThat(header.substring(header.lastIndexOf('}') + 1)).matches(" {0,7}");
    }
  }

  @Test
  void replacesAnExistingFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("w.safetensors");
    Files.writeString(path, "old contents");

    SafeTensors.writer().add("w", Nd4j.createFromArray(2f)).write(path);

    assertThat(SafeTensors.read(path).get("w").getFloat(0)).isEqualTo(2f);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(path);
    }
  }

  @Test
  void refusesToStoreFloatsAsIntegers() {
    assertThatThrownBy(
            () -> SafeTensors.writer().add("w", Nd4j.createFromArray(1.5f), TensorDType.I64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'w'")
        .hasMessageContaining("truncate");
  }

  @Test
  void refusesIntegersOutsideTheStoredRange() {
    SafeTensorsWriter writer =
        SafeTensors.writer().add("w", Nd4j.createFromArray(1, 300), TensorDType.U8);

    assertThatThrownBy(writer::toBytes)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'w' holds 300")
        .hasMessageContaining("U8");
  }

  @Test
  void refusesDuplicateAndReservedNames() {
    SafeTensorsWriter writer = SafeTensors.writer().add("w", Nd4j.createFromArray(1f));

    assertThatThrownBy(() -> writer.add("w", Nd4j.createFromArray(2f)))
        .hasMessageContaining("'w' added twice");
    assertThatThrownBy(() -> writer.add("__metadata__", Nd4j.createFromArray(2f)))
        .hasMessageContaining("reserved");
  }

  @Test
  void writesViewsInRowMajorOrder() {
    INDArray matrix = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}});

    SafeTensorsFile file =
        SafeTensors.read(SafeTensors.writer().add("t", matrix.transpose()).toBytes());

    assertThat(file.get("t").toFloatMatrix()).isEqualTo(new float[][] {{1, 3}, {2, 4}});
  }
}

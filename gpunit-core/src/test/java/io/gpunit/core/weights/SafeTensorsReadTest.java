package io.gpunit.core.weights;

import static io.gpunit.core.weights.SafeTensorsBytes.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reads files whose bytes are laid out by hand in the test. */
class SafeTensorsReadTest {

  /** Every supported dtype, one small tensor each, in a hand-made layout with metadata. */
  static byte[] handBuiltFile() {
    String header =
        "{"
            + entry("f64", "F64", "[2]", 0, 16) + ","
            + entry("i64", "I64", "[]", 16, 24) + ","
            + entry("f32", "F32", "[2,2]", 24, 40) + ","
            + entry("i32", "I32", "[1]", 40, 44) + ","
            + entry("f16", "F16", "[3]", 44, 50) + ","
            + entry("bf16", "BF16", "[1]", 50, 52) + ","
            + entry("i16", "I16", "[1]", 52, 54) + ","
            + entry("i8", "I8", "[1]", 54, 55) + ","
            + entry("u8", "U8", "[1]", 55, 56) + ","
            + entry("bool", "BOOL", "[2]", 56, 58) + ","
            + entry("empty", "F32", "[0,3]", 58, 58) + ","
            + "\"__metadata__\":{\"format\":\"pt\"}}  ";
    ByteBuffer d = SafeTensorsBytes.data(58);
    d.putDouble(0.1).putDouble(-2.5);
    d.putLong(4000L);
    d.putFloat(1f).putFloat(2f).putFloat(3f).putFloat(-4.5f);
    d.putInt(-123456);
    d.putShort((short) 0x3555).putShort((short) 0xC000).putShort((short) 0x0001); // 1/3, -2, 2^-24
    d.putShort((short) 0x3EAB); // BF16 171/512
    d.putShort((short) -300);
    d.put((byte) -3);
    d.put((byte) 200);
    d.put((byte) 1).put((byte) 0);
    return SafeTensorsBytes.file(header, d.array());
  }

  @Test
  void readsEveryDtypeOfAHandBuiltFile() {
    SafeTensorsFile file = SafeTensors.read(handBuiltFile(), "hand.safetensors");

    assertThat(file.names())
        .containsExactly(
            "f64", "i64", "f32", "i32", "f16", "bf16", "i16", "i8", "u8", "bool", "empty");
    assertThat(file.metadata()).isEqualTo(Map.of("format", "pt"));
    assertThat(file.info("f32").dtype()).isEqualTo(TensorDType.F32);
    assertThat(file.info("f32").shape()).containsExactly(2, 2);

    INDArray f64 = file.get("f64");
    assertThat(f64.dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(f64.toDoubleVector()).containsExactly(0.1, -2.5);

    INDArray i64 = file.get("i64");
    assertThat(i64.dataType()).isEqualTo(DataType.LONG);
    assertThat(i64.rank()).isZero();
    assertThat(i64.getLong(0)).isEqualTo(4000L);

    INDArray f32 = file.get("f32");
    assertThat(f32.shape()).containsExactly(2, 2);
    assertThat(f32.getFloat(1, 0)).isEqualTo(3f);
    assertThat(f32.getFloat(1, 1)).isEqualTo(-4.5f);

    assertThat(file.get("i32").dataType()).isEqualTo(DataType.INT);
    assertThat(file.get("i32").getInt(0)).isEqualTo(-123456);

    INDArray f16 = file.get("f16");
    assertThat(f16.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(f16.toFloatVector()).containsExactly(0.333251953125f, -2f, (float) Math.scalb(1.0, -24));

    assertThat(file.get("bf16").dataType()).isEqualTo(DataType.FLOAT);
    assertThat(file.get("bf16").getFloat(0)).isEqualTo(0.333984375f);

    assertThat(file.get("i16").dataType()).isEqualTo(DataType.SHORT);
    assertThat(file.get("i16").getInt(0)).isEqualTo(-300);
    assertThat(file.get("i8").dataType()).isEqualTo(DataType.BYTE);
    assertThat(file.get("i8").getInt(0)).isEqualTo(-3);
    assertThat(file.get("u8").dataType()).isEqualTo(DataType.UBYTE);
    assertThat(file.get("u8").getInt(0)).isEqualTo(200);
    assertThat(file.get("bool").dataType()).isEqualTo(DataType.BOOL);
    assertThat(file.get("bool").getDouble(0)).isEqualTo(1.0);
    assertThat(file.get("bool").getDouble(1)).isEqualTo(0.0);

    INDArray empty = file.get("empty");
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.shape()).containsExactly(0, 3);
  }

  @Test
  void getAsFloatConvertsIntegersAndHalves() {
    SafeTensorsFile file = SafeTensors.read(handBuiltFile());

    assertThat(file.getAsFloat("i64").dataType()).isEqualTo(DataType.FLOAT);
    assertThat(file.getAsFloat("i64").getFloat(0)).isEqualTo(4000f);
    assertThat(file.getAsFloat("f64").dataType()).isEqualTo(DataType.FLOAT);
    assertThat(file.getAsFloat("f16").getFloat(0)).isEqualTo(0.333251953125f);
  }

  @Test
  void readsTheSameFromAFileAStreamAndBytes(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("hand.safetensors");
    Files.write(path, handBuiltFile());

    SafeTensorsFile fromFile = SafeTensors.read(path);
    SafeTensorsFile fromStream = SafeTensors.read(new ByteArrayInputStream(handBuiltFile()));

    assertThat(fromFile.path()).contains(path);
    assertThat(fromStream.path()).isEmpty();
    for (String name : fromFile.names()) {
      assertThat(fromStream.info(name)).isEqualTo(fromFile.info(name));
      assertThat(fromStream.get(name)).isEqualTo(fromFile.get(name));
    }
    assertThat(fromFile.get("f32").getFloat(1, 1)).isEqualTo(-4.5f);
  }

  @Test
  void askingForAnAbsentTensorNamesTheFileAndTheTensor() {
    SafeTensorsFile file = SafeTensors.read(handBuiltFile(), "hand.safetensors");

    assertThatThrownBy(() -> file.get("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hand.safetensors")
        .hasMessageContaining("'nope'");
  }
}

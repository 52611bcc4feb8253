package io.gpunit.core.weights.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TorchCheckpointTest {
  @TempDir Path dir;

  private Path save(Object root) throws IOException {
    return TorchSaveWriter.save(root, dir.resolve("ckpt.pt"));
  }

  private INDArray single(Object tensor) throws IOException {
    return TorchCheckpoint.read(save(Py.OrderedDict.stateDict("t", tensor))).stateDict().get("t");
  }

  @Test
  void cpythonPickledCheckpointReadsWithItsStorages() throws IOException {
    Map<String, byte[]> entries =
        TorchSaveWriter.entries(
            TorchSaveWriterTest.goldenCheckpoint(
                Py.Storage.float32("0", 1, 2, 3, 4, 5, 6),
                Py.Storage.int64("1", 42),
                Py.Storage.float16("2", 0x3C00, 0x4000, 0x4200, 0x4400, 0x4500, 0x4600)));
    entries.put("archive/data.pkl", TorchSaveWriterTest.goldenPickle());

    TorchCheckpoint ckpt = TorchCheckpoint.read(TorchSaveWriter.zip(entries, dir.resolve("g.pt")));

    Map<String, INDArray> gEma = ckpt.stateDict("g_ema");
    assertThat(gEma.get("conv.weight").toFloatMatrix()).isEqualTo(new float[][] {{1, 2, 3}, {4, 5, 6}});
    assertThat(gEma.get("conv.bias").toFloatVector()).containsExactly(4, 5, 6);
    assertThat(gEma.get("bn.num_batches_tracked").getLong(0)).isEqualTo(42);
    // Half values 1..6 viewed as [3,2] with stride (1,3): element (i,j) is storage[i + 3j].
    assertThat(ckpt.stateDict("sampler").get("fc.weight").toFloatMatrix())
        .isEqualTo(new float[][] {{1, 4}, {2, 5}, {3, 6}});
  }

  @Test
  void float32ValuesRoundTripBitExactly() throws IOException {
    float[] values = {0f, -0f, 1.5f, -3.25e-7f, Float.MIN_VALUE, Float.MAX_VALUE, 1e30f, -123456.78f};

    INDArray t = single(Py.Tensor.contiguous(Py.Storage.float32("0", values), 0, 2, 4));

    assertThat(t.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(t.shape()).containsExactly(2, 4);
    assertThat(t.reshape(8).toFloatVector()).containsExactly(values);
  }

  @Test
  void float16UpcastsToExactFloat() throws IOException {
    INDArray t =
        single(
            Py.Tensor.contiguous(
                Py.Storage.float16("0", 0x3C00, 0xC000, 0x7BFF, 0x0001, 0x3555, 0xFC00), 0, 6));

    assertThat(t.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(t.toFloatVector())
        .containsExactly(1f, -2f, 65504f, 0x1p-24f, 0.333251953125f, Float.NEGATIVE_INFINITY);
  }

  @Test
  void bfloat16UpcastsToExactFloat() throws IOException {
    INDArray t = single(Py.Tensor.contiguous(Py.Storage.bfloat16("0", 0x3F80, 0xC0A0, 0x3EAB), 0, 3));

    assertThat(t.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(t.toFloatVector()).containsExactly(1f, -5f, 0.333984375f);
  }

  @Test
  void int64KeepsTheFullRange() throws IOException {
    long[] values = {Long.MIN_VALUE, -1, 0, 1L << 40, Long.MAX_VALUE};

    INDArray t = single(Py.Tensor.contiguous(Py.Storage.int64("0", values), 0, 5));

    assertThat(t.dataType()).isEqualTo(DataType.INT64);
    assertThat(t.toLongVector()).containsExactly(values);
  }

  @Test
  void float64AndInt32RoundTrip() throws IOException {
    double[] doubles = {Math.PI, -1e-300, 2.5};
    int[] ints = {Integer.MIN_VALUE, -7, Integer.MAX_VALUE};

    TorchCheckpoint ckpt =
        TorchCheckpoint.read(
            save(
                Py.OrderedDict.stateDict(
                    "d", Py.Tensor.contiguous(Py.Storage.float64("0", doubles), 0, 3),
                    "i", Py.Tensor.contiguous(Py.Storage.int32("1", ints), 0, 3))));

    INDArray d = ckpt.stateDict().get("d");
    INDArray i = ckpt.stateDict().get("i");
    assertThat(d.dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(d.toDoubleVector()).containsExactly(doubles);
    assertThat(i.dataType()).isEqualTo(DataType.INT32);
    assertThat(i.toIntVector()).containsExactly(ints);
  }

  @Test
  void byteTypesKeepTheirValues() throws IOException {
    TorchCheckpoint ckpt =
        TorchCheckpoint.read(
            save(
                Py.OrderedDict.stateDict(
                    "u8", Py.Tensor.contiguous(Py.Storage.bytes("0", "ByteStorage", 0, 128, 255), 0, 3),
                    "i8", Py.Tensor.contiguous(Py.Storage.bytes("1", "CharStorage", -128, -1, 127), 0, 3),
                    "mask", Py.Tensor.contiguous(Py.Storage.bytes("2", "BoolStorage", 1, 0, 1), 0, 3))));

    Map<String, INDArray> sd = ckpt.stateDict();
    assertThat(sd.get("u8").dataType()).isEqualTo(DataType.UINT8);
    assertThat(sd.get("u8").toIntVector()).containsExactly(0, 128, 255);
    assertThat(sd.get("i8").dataType()).isEqualTo(DataType.INT8);
    assertThat(sd.get("i8").toIntVector()).containsExactly(-128, -1, 127);
    assertThat(sd.get("mask").dataType()).isEqualTo(DataType.BOOL);
    assertThat(sd.get("mask").getDouble(0)).isEqualTo(1.0);
    assertThat(sd.get("mask").getDouble(1)).isEqualTo(0.0);
    assertThat(sd.get("mask").getDouble(2)).isEqualTo(1.0);
  }

  @Test
  void nestedCheckpointFlattensWithPrefixes() throws IOException {
    Py.Storage a = Py.Storage.float32("0", 1, 2, 3, 4);
    Py.Storage b = Py.Storage.float32("1", 5, 6);
    Object checkpoint =
        Py.map(
            "g_ema",
            Py.OrderedDict.stateDict(
                "layer1.0.weight", Py.Tensor.contiguous(a, 0, 2, 2),
                "layer1.0.bias", Py.Tensor.contiguous(b, 0, 2)),
            "sampler",
            Py.OrderedDict.stateDict("fc.bias", Py.Tensor.contiguous(b, 1, 1)));

    TorchCheckpoint ckpt = TorchCheckpoint.read(save(checkpoint));

    Map<String, INDArray> flat = ckpt.flatten();
    assertThat(flat.keySet())
        .containsExactly("g_ema.layer1.0.weight", "g_ema.layer1.0.bias", "sampler.fc.bias");
    assertThat(flat.get("g_ema.layer1.0.weight").toFloatMatrix())
        .isEqualTo(new float[][] {{1, 2}, {3, 4}});
    assertThat(flat.get("sampler.fc.bias").toFloatVector()).containsExactly(6);
    assertThat(ckpt.stateDict("g_ema").keySet()).containsExactly("layer1.0.weight", "layer1.0.bias");
    assertThat(ckpt.stateDict("sampler").get("fc.bias").toFloatVector()).containsExactly(6);
  }

  @Test
  void aStateDictNestedInADictIsReachedByItsPath() throws IOException {
    Py.Storage s = Py.Storage.float32("0", 7);
    TorchCheckpoint ckpt =
        TorchCheckpoint.read(
            save(Py.map("model", Py.map("encoder", Py.OrderedDict.stateDict(
                "conv.weight", Py.Tensor.contiguous(s, 0, 1))), "epoch", 12L)));

    assertThat(ckpt.stateDict("model", "encoder").get("conv.weight").toFloatVector())
        .containsExactly(7);
    assertThat(ckpt.flatten().keySet()).containsExactly("model.encoder.conv.weight");
    assertThat(((Map<?, ?>) ckpt.root()).get("epoch")).isEqualTo(12L);
    assertThatThrownBy(() -> ckpt.stateDict("model", "decoder"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No key 'model.decoder'")
        .hasMessageContaining("[encoder]");
    assertThatThrownBy(() -> ckpt.stateDict())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the checkpoint root is not a state dict: its entry 'model' is a dict");
  }

  /** Two tensors viewing one storage (torch.save keeps the sharing): each reads its own window. */
  @Test
  void sharedStorageViewsReadTheirOwnOffsets() throws IOException {
    Py.Storage s = Py.Storage.float32("0", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    TorchCheckpoint ckpt =
        TorchCheckpoint.read(
            save(
                Py.OrderedDict.stateDict(
                    "head", Py.Tensor.contiguous(s, 0, 2, 2),
                    "middle", Py.Tensor.contiguous(s, 4, 3),
                    "tail", Py.Tensor.contiguous(s, 7, 3))));

    Map<String, INDArray> sd = ckpt.stateDict();
    assertThat(sd.get("head").toFloatMatrix()).isEqualTo(new float[][] {{0, 1}, {2, 3}});
    assertThat(sd.get("middle").toFloatVector()).containsExactly(4, 5, 6);
    assertThat(sd.get("tail").toFloatVector()).containsExactly(7, 8, 9);
  }

  @Test
  void nonContiguousStridesAreGatheredElementByElement() throws IOException {
    Py.Storage s = Py.Storage.float32("0", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    TorchCheckpoint ckpt =
        TorchCheckpoint.read(
            save(
                Py.OrderedDict.stateDict(
                    // x = arange(12).view(3, 4); x.t(): (i, j) -> 4j + i
                    "transposed", new Py.Tensor(s, 0, new long[] {4, 3}, new long[] {1, 4}),
                    // x[:, 1::2]: (i, j) -> 1 + 4i + 2j
                    "sliced", new Py.Tensor(s, 1, new long[] {3, 2}, new long[] {4, 2}),
                    // x[0].expand(2, 4): stride 0 repeats the row
                    "expanded", new Py.Tensor(s, 0, new long[] {2, 4}, new long[] {0, 1}))));

    Map<String, INDArray> sd = ckpt.stateDict();
    assertThat(sd.get("transposed").toFloatMatrix())
        .isEqualTo(new float[][] {{0, 4, 8}, {1, 5, 9}, {2, 6, 10}, {3, 7, 11}});
    assertThat(sd.get("sliced").toFloatMatrix()).isEqualTo(new float[][] {{1, 3}, {5, 7}, {9, 11}});
    assertThat(sd.get("expanded").toFloatMatrix())
        .isEqualTo(new float[][] {{0, 1, 2, 3}, {0, 1, 2, 3}});
  }

  @Test
  void fourDimensionalConvWeightsKeepPytorchLayout() throws IOException {
    float[] values = new float[2 * 3 * 2 * 2];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }

    INDArray w = single(Py.Tensor.contiguous(Py.Storage.float32("0", values), 0, 2, 3, 2, 2));

    assertThat(w.shape()).containsExactly(2, 3, 2, 2);
    // [out, in, kh, kw] row-major: index = ((o*3 + c)*2 + y)*2 + x
    assertThat(w.getFloat(1, 2, 0, 1)).isEqualTo(((1 * 3 + 2) * 2 + 0) * 2 + 1);
  }

  @Test
  void zeroDimensionalTensorIsAScalar() throws IOException {
    INDArray t = single(Py.Tensor.contiguous(Py.Storage.int64("0", 5), 0));

    assertThat(t.rank()).isZero();
    assertThat(t.getLong(0)).isEqualTo(5);
  }

  @Test
  void parametersLoadAsTheirData() throws IOException {
    Py.Storage s = Py.Storage.float32("0", 3, 4);

    INDArray t = single(new Py.Parameter(Py.Tensor.contiguous(s, 0, 2)));

    assertThat(t.toFloatVector()).containsExactly(3, 4);
  }

  @Test
  void bigEndianFilesAreReadInTheirByteOrder() throws IOException {
    Map<String, byte[]> entries =
        TorchSaveWriter.entries(
            Py.OrderedDict.stateDict("t", Py.Tensor.contiguous(Py.Storage.float32("0", 0, 0), 0, 2)));
    entries.put("archive/byteorder", "big".getBytes(StandardCharsets.US_ASCII));
    entries.put("archive/data/0", ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-2f).array());

    TorchCheckpoint ckpt = TorchCheckpoint.read(TorchSaveWriter.zip(entries, dir.resolve("be.pt")));

    assertThat(ckpt.stateDict().get("t").toFloatVector()).containsExactly(1.5f, -2f);
  }

  @Test
  void unknownByteOrderIsRejected() throws IOException {
    Map<String, byte[]> entries = TorchSaveWriter.entries(Py.OrderedDict.stateDict());
    entries.put("archive/byteorder", "middle".getBytes(StandardCharsets.US_ASCII));
    Path file = TorchSaveWriter.zip(entries, dir.resolve("x.pt"));

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .isInstanceOf(TorchCheckpointException.class)
        .hasMessageContaining("archive/byteorder is 'middle', expected 'little' or 'big'");
  }

  @Test
  void viewReachingPastItsStorageIsRejected() throws IOException {
    Py.Storage s = Py.Storage.float32("0", 1, 2, 3, 4);
    Path file = save(Py.OrderedDict.stateDict("w", Py.Tensor.contiguous(s, 0, 2, 3)));

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .isInstanceOf(TorchCheckpointException.class)
        .hasMessageContaining("size [2, 3], stride [3, 1] reaches element 5")
        .hasMessageContaining("storage '0' holds only 4 elements");
  }

  @Test
  void storageEntryOfTheWrongSizeIsRejected() throws IOException {
    Map<String, byte[]> entries =
        TorchSaveWriter.entries(
            Py.OrderedDict.stateDict("t", Py.Tensor.contiguous(Py.Storage.float32("0", 1, 2), 0, 2)));
    entries.put("archive/data/0", new byte[4]);
    Path file = TorchSaveWriter.zip(entries, dir.resolve("x.pt"));

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .isInstanceOf(TorchCheckpointException.class)
        .hasMessageContaining("entry archive/data/0 holds 4 bytes but data.pkl declares 2 x FLOAT32 = 8");
  }

  @Test
  void missingStorageEntryIsRejected() throws IOException {
    Map<String, byte[]> entries =
        TorchSaveWriter.entries(
            Py.OrderedDict.stateDict("t", Py.Tensor.contiguous(Py.Storage.float32("0", 1), 0, 1)));
    entries.remove("archive/data/0");
    Path file = TorchSaveWriter.zip(entries, dir.resolve("x.pt"));

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .hasMessageContaining("storage '0' is referenced by data.pkl but entry archive/data/0 is missing");
  }

  @Test
  void zipWithoutDataPklIsRejected() throws IOException {
    Path file =
        TorchSaveWriter.zip(
            Map.of("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII)), dir.resolve("x.pt"));

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .isInstanceOf(TorchCheckpointException.class)
        .hasMessageContaining("expected exactly one '<archive>/data.pkl' entry, found 0")
        .hasMessageContaining("archive/version");
  }

  @Test
  void torchScriptArchiveIsRejectedWithAHint() throws IOException {
    Map<String, byte[]> entries = TorchSaveWriter.entries(Py.OrderedDict.stateDict());
    entries.put("archive/constants.pkl", TorchSaveWriter.pickle(Py.Tuple.of()));
    Path file = TorchSaveWriter.zip(entries, dir.resolve("x.pt"));

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .hasMessageContaining("TorchScript archive (torch.jit.save)");
  }

  @Test
  void legacyAndNonZipFilesAreRejected() throws IOException {
    Path legacy = Files.write(dir.resolve("legacy.pt"), new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10});
    Path text = Files.writeString(dir.resolve("text.pt"), "hello");

    assertThatThrownBy(() -> TorchCheckpoint.read(legacy))
        .hasMessageContaining("legacy (pre-1.6, non-ZIP) torch.save file");
    assertThatThrownBy(() -> TorchCheckpoint.read(text))
        .hasMessageContaining("does not start with a ZIP header");
  }

  @Test
  void hostileCheckpointIsRefusedBeforeAnyStorageIsRead() throws IOException {
    Map<String, byte[]> entries =
        TorchSaveWriter.entries(
            Py.map("w", Py.Tensor.contiguous(Py.Storage.float32("0", 1), 0, 1),
                "x", new Py.Reduce(new Py.Global("os", "system"), Py.Tuple.of("rm -rf ~"))));
    // Storage bytes the reader would reject if it got as far as reading them.
    entries.put("archive/data/0", new byte[1]);
    Path file = TorchSaveWriter.zip(entries, dir.resolve("evil.pt"));

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .isInstanceOfSatisfying(
            UnsafePickleException.class, e -> assertThat(e.global()).isEqualTo("os.system"));
  }

  @Test
  void truncatedDataPklIsRejected() throws IOException {
    Map<String, byte[]> entries =
        TorchSaveWriter.entries(
            Py.OrderedDict.stateDict("t", Py.Tensor.contiguous(Py.Storage.float32("0", 1), 0, 1)));
    byte[] pickle = entries.get("archive/data.pkl");
    entries.put("archive/data.pkl", Arrays.copyOf(pickle, pickle.length / 2));
    Path file = TorchSaveWriter.zip(entries, dir.resolve("x.pt"));

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .isInstanceOf(TorchCheckpointException.class)
        .hasMessageContaining("x.pt: data.pkl: Truncated pickle");
  }

  @Test
  void containerThatContainsItselfIsRejected() throws IOException {
    // [ [ <memo 1> ] ]: the inner list appends itself.
    byte[] pickle = {(byte) 0x80, 2, ']', 'q', 0, ']', 'q', 1, 'h', 1, 'a', 'a', '.'};
    Map<String, byte[]> entries = TorchSaveWriter.entries(List.of());
    entries.put("archive/data.pkl", pickle);
    Path file = TorchSaveWriter.zip(entries, dir.resolve("x.pt"));

    assertThatThrownBy(() -> TorchCheckpoint.read(file))
        .hasMessageContaining("contains itself");
  }
}

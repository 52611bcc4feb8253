package io.gpunit.core.weights.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestrictedUnpicklerTest {

  @Test
  void cpythonPickledStateDictsUnpickleToDictsOfTensorViews() throws Exception {
    Object root = RestrictedUnpickler.load(TorchSaveWriterTest.goldenPickle());

    assertThat(root).isInstanceOf(Map.class);
    Map<Object, Object> checkpoint = dict(root);
    assertThat(checkpoint.keySet()).containsExactly("g_ema", "sampler");
    Map<Object, Object> gEma = dict(checkpoint.get("g_ema"));
    assertThat(gEma.keySet()).containsExactly("conv.weight", "conv.bias", "bn.num_batches_tracked");
    TensorRef weight = (TensorRef) gEma.get("conv.weight");
    TensorRef bias = (TensorRef) gEma.get("conv.bias");
    assertThat(weight.size()).containsExactly(2, 3);
    assertThat(bias.size()).containsExactly(3);
    assertThat(weight.storage()).isSameAs(bias.storage());
    assertThat(weight.storage()).isEqualTo(new StorageRef("0", TorchDType.FLOAT32, 6, "cpu"));
    TensorRef steps = (TensorRef) gEma.get("bn.num_batches_tracked");
    assertThat(steps.size()).isEmpty();
    assertThat(steps.storage().dtype()).isEqualTo(TorchDType.INT64);
    TensorRef fc = (TensorRef) ((Map<?, ?>) checkpoint.get("sampler")).get("fc.weight");
    assertThat(fc.storage().dtype()).isEqualTo(TorchDType.FLOAT16);
  }

  @ParameterizedTest
  @CsvSource({
    "os, system",
    "posix, system",
    "nt, system",
    "builtins, eval",
    "builtins, exec",
    "__builtin__, eval",
    "subprocess, Popen",
    "torch, load",
    "torch._utils, _rebuild_device_tensor_from_numpy",
    "collections, defaultdict",
  })
  void globalsOffTheAllowlistAreRefusedAtTheGlobalOpcode(String module, String name) {
    byte[] pickle =
        TorchSaveWriter.pickle(
            new Py.Reduce(new Py.Global(module, name), Py.Tuple.of("touch /tmp/pwned")));

    assertThatThrownBy(() -> RestrictedUnpickler.load(pickle))
        .isInstanceOfSatisfying(
            UnsafePickleException.class,
            e -> assertThat(e.global()).isEqualTo(module + "." + name))
        .hasMessageContaining("Refusing global '" + module + "." + name + "' at pickle offset 2");
  }

  @Test
  void aHostileGlobalAfterValidTensorsIsStillRefusedByName() {
    Py.Storage storage = Py.Storage.float32("0", 1, 2);
    byte[] pickle =
        TorchSaveWriter.pickle(
            Py.map(
                "weight", Py.Tensor.contiguous(storage, 0, 2),
                "payload", new Py.Reduce(new Py.Global("os", "system"), Py.Tuple.of("id"))));

    assertThatThrownBy(() -> RestrictedUnpickler.load(pickle))
        .isInstanceOf(UnsafePickleException.class)
        .hasMessageContaining("'os.system'");
  }

  /** Protocol 4: module and name pushed as SHORT_BINUNICODE, then STACK_GLOBAL, then REDUCE. */
  @Test
  void stackGlobalIsCheckedAgainstTheSameAllowlist() {
    Bytes b = new Bytes().op(0x80, 4).op(0x95).u64(0);
    b.shortString("os").op(0x94).shortString("system").op(0x94);
    int stackGlobalAt = b.size();
    b.op(0x93).op(0x94).shortString("id").op(0x85).op('R').op('.');

    assertThatThrownBy(() -> RestrictedUnpickler.load(b.bytes()))
        .isInstanceOf(UnsafePickleException.class)
        .hasMessageContaining("Refusing global 'os.system' at pickle offset " + stackGlobalAt);
  }

  /** The names may come out of the memo instead of the byte stream; the check is on the value. */
  @Test
  void stackGlobalWithMemoizedNamesIsRefused() {
    Bytes b = new Bytes().op(0x80, 4);
    b.shortString("builtins").op(0x94).op('0'); // memo 0, then POP
    b.shortString("eval").op(0x94).op('0'); // memo 1, then POP
    b.op('h', 0).op('h', 1).op(0x93).shortString("1+1").op(0x85).op('R').op('.');

    assertThatThrownBy(() -> RestrictedUnpickler.load(b.bytes()))
        .isInstanceOfSatisfying(
            UnsafePickleException.class, e -> assertThat(e.global()).isEqualTo("builtins.eval"));
  }

  @Test
  void stackGlobalOnNonStringsIsMalformed() {
    Bytes b = new Bytes().op(0x80, 4).op('K', 1).op('K', 2).op(0x93).op('.');

    assertThatThrownBy(() -> RestrictedUnpickler.load(b.bytes()))
        .isInstanceOf(TorchCheckpointException.class)
        .hasMessageContaining("offset 6: STACK_GLOBAL needs two strings, got int 1 and int 2");
  }

  /** INST would import and call module.name with no GLOBAL opcode at all; it is not implemented. */
  @Test
  void instOpcodeIsUnsupported() {
    Bytes b = new Bytes().op(0x80, 2).op('(').op('i');
    b.raw("os\nsystem\n").op('.');

    assertThatThrownBy(() -> RestrictedUnpickler.load(b.bytes()))
        .isInstanceOf(TorchCheckpointException.class)
        .isNotInstanceOf(UnsafePickleException.class)
        .hasMessageContaining("Unsupported pickle opcode 0x69 (INST) at offset 3");
  }

  @Test
  void unknownOpcodeNamesItsByteAndOffset() {
    Bytes b = new Bytes().op(0x80, 2).op(0xff).op('.');

    assertThatThrownBy(() -> RestrictedUnpickler.load(b.bytes()))
        .hasMessageContaining("Unsupported pickle opcode 0xff (not a pickle opcode) at offset 2");
  }

  @Test
  void truncatedPickleIsReportedAsTruncated() throws Exception {
    byte[] golden = TorchSaveWriterTest.goldenPickle();
    // Offset 106 is inside the BINUNICODE 'storage' (opcode at 105, length 7, then the text).
    byte[] cut = Arrays.copyOf(golden, 110);

    assertThatThrownBy(() -> RestrictedUnpickler.load(cut))
        .isInstanceOf(TorchCheckpointException.class)
        .hasMessageContaining("Truncated pickle: BINUNICODE at offset 110 needs 7 bytes but only 0");
  }

  @Test
  void pickleWithoutStopIsReportedAsTruncated() throws Exception {
    byte[] golden = TorchSaveWriterTest.goldenPickle();
    byte[] cut = Arrays.copyOf(golden, golden.length - 1);

    assertThatThrownBy(() -> RestrictedUnpickler.load(cut))
        .hasMessageContaining("ended at offset " + cut.length + " without a STOP opcode");
  }

  @Test
  void absurdStringLengthIsRejectedBeforeAllocating() {
    Bytes b = new Bytes().op(0x80, 2).op('X').raw(new byte[] {-1, -1, -1, -1}).op('.');

    assertThatThrownBy(() -> RestrictedUnpickler.load(b.bytes()))
        .hasMessageContaining("BINUNICODE at offset 7 needs 4294967295 bytes but only 1 remain");
  }

  @Test
  void callingAStorageTypeIsRefused() {
    byte[] pickle =
        TorchSaveWriter.pickle(new Py.Reduce(new Py.Global("torch", "FloatStorage"), Py.Tuple.of()));

    assertThatThrownBy(() -> RestrictedUnpickler.load(pickle))
        .hasMessageContaining("REDUCE on global torch.FloatStorage, which is not callable");
  }

  @Test
  void persistentIdsOtherThanStoragesAreRejected() {
    Bytes b = new Bytes().op(0x80, 2);
    b.op('X').u32(4).raw("file").op(0x85).op('Q').op('.');

    assertThatThrownBy(() -> RestrictedUnpickler.load(b.bytes()))
        .hasMessageContaining("persistent id should be ('storage', type, key, location, numel)");
  }

  @Test
  void memoReadsOfUnstoredIndicesAreRejected() {
    Bytes b = new Bytes().op(0x80, 2).op('h', 7).op('.');

    assertThatThrownBy(() -> RestrictedUnpickler.load(b.bytes()))
        .hasMessageContaining("offset 2: memo index 7 was never stored");
  }

  @Test
  void rebuildTensorWithWrongArgumentsNamesTheArgument() {
    byte[] pickle =
        TorchSaveWriter.pickle(
            new Py.Reduce(
                new Py.Global("torch._utils", "_rebuild_tensor_v2"),
                Py.Tuple.of("not a storage", 0L, Py.Tuple.of(), Py.Tuple.of(), false,
                    Py.OrderedDict.of())));

    assertThatThrownBy(() -> RestrictedUnpickler.load(pickle))
        .hasMessageContaining(
            "argument 0 (storage) should be a storage (persistent id), got str 'not a storage'");
  }

  @Test
  void listsAndTuplesAndScalarsUnpickle() throws Exception {
    byte[] pickle =
        TorchSaveWriter.pickle(
            Py.map("ints", List.of(1L, 300L, -5L, 1L << 40), "pair", Py.Tuple.of(0.5, null),
                "flags", List.of(true, false)));

    Map<Object, Object> root = dict(RestrictedUnpickler.load(pickle));

    assertThat(list(root.get("ints"))).containsExactly(1L, 300L, -5L, 1L << 40);
    assertThat(((PickleTuple) root.get("pair")).items()).containsExactly(0.5, null);
    assertThat(list(root.get("flags"))).containsExactly(true, false);
  }

  @SuppressWarnings("unchecked")
  static Map<Object, Object> dict(Object value) {
    return (Map<Object, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  /** A tiny assembler for hand-made pickles. */
  static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes op(int... bytes) {
      for (int b : bytes) {
        out.write(b);
      }
      return this;
    }

    Bytes raw(String text) {
      return raw(text.getBytes(StandardCharsets.UTF_8));
    }

    Bytes raw(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    Bytes u32(int v) {
      return op(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    }

    Bytes u64(long v) {
      return u32((int) v).u32((int) (v >>> 32));
    }

    Bytes shortString(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      return op(0x8c, utf8.length).raw(utf8);
    }

    int size() {
      return out.size();
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}

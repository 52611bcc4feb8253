package io.gpunit.core.weights.torch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The test writer is only a fair stand-in for torch.save if it emits the same bytes; this pins it
 * to golden-state-dict.pkl, written by CPython's pickler (make_golden_pickle.py beside it).
 */
class TorchSaveWriterTest {

  /** The checkpoint make_golden_pickle.py pickles (storage contents do not enter the pickle). */
  static Object goldenCheckpoint(Py.Storage convW, Py.Storage steps, Py.Storage half) {
    Py.OrderedDict gEma =
        Py.OrderedDict.stateDict(
            List.of("", "conv", "bn"),
            "conv.weight", Py.Tensor.contiguous(convW, 0, 2, 3),
            "conv.bias", Py.Tensor.contiguous(convW, 3, 3),
            "bn.num_batches_tracked", Py.Tensor.contiguous(steps, 0));
    Py.OrderedDict sampler =
        Py.OrderedDict.stateDict(
            List.of("", "fc"),
            "fc.weight", new Py.Tensor(half, 0, new long[] {3, 2}, new long[] {1, 3}));
    return Py.map("g_ema", gEma, "sampler", sampler);
  }

  static byte[] goldenPickle() throws IOException {
    try (InputStream in = TorchSaveWriterTest.class.getResourceAsStream("golden-state-dict.pkl")) {
      return in.readAllBytes();
    }
  }

  @Test
  void writesTheSameBytesAsCPythonsPickler() throws IOException {
    Object checkpoint =
        goldenCheckpoint(
            Py.Storage.float32("0", 0, 0, 0, 0, 0, 0),
            Py.Storage.int64("1", 0),
            Py.Storage.float16("2", 0, 0, 0, 0, 0, 0));

    assertThat(TorchSaveWriter.pickle(checkpoint)).isEqualTo(goldenPickle());
  }
}

package io.gpunit.core.weights.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test-side stand-ins for the Python objects {@code torch.save} pickles (see {@link TorchSaveWriter}). */
final class Py {
  private Py() {}

  /** A tuple. */
  record Tuple(List<Object> items) {
    static Tuple of(Object... items) {
      return new Tuple(Arrays.asList(items));
    }
  }

  /** {@code module.name}, pickled with GLOBAL. */
  record Global(String module, String name) {}

  /** {@code func(*args)}, pickled with REDUCE: the shape of every malicious pickle. */
  record Reduce(Object func, Tuple args) {}

  /**
   * A {@code collections.OrderedDict}; {@code attributes} is its instance {@code __dict__} (a state
   * dict's {@code _metadata}), pickled as BUILD state, or null.
   */
  record OrderedDict(Map<Object, Object> items, Map<Object, Object> attributes) {
    static OrderedDict of(Object... keysAndValues) {
      return new OrderedDict(map(keysAndValues), null);
    }

    /** A state dict as {@code nn.Module.state_dict()} returns it, with its {@code _metadata}. */
    static OrderedDict stateDict(Object... keysAndValues) {
      return stateDict(List.of(""), keysAndValues);
    }

    /** ... with a {@code {"version": 1}} metadata entry per module name. */
    static OrderedDict stateDict(List<String> modules, Object... keysAndValues) {
      Map<Object, Object> metadata = new LinkedHashMap<>();
      modules.forEach(m -> metadata.put(m, map("version", 1L)));
      return new OrderedDict(map(keysAndValues), map("_metadata", new OrderedDict(metadata, null)));
    }
  }

  /** A storage with its raw bytes (already in the file's byte order). */
  record Storage(String key, String storageClass, long numel, byte[] bytes) {
    static Storage float32(String key, float... values) {
      ByteBuffer b = little(values.length * 4);
      for (float v : values) {
        b.putFloat(v);
      }
      return new Storage(key, "FloatStorage", values.length, b.array());
    }

    static Storage float64(String key, double... values) {
      ByteBuffer b = little(values.length * 8);
      for (double v : values) {
        b.putDouble(v);
      }
      return new Storage(key, "DoubleStorage", values.length, b.array());
    }

    /** IEEE binary16 bit patterns. */
    static Storage float16(String key, int... bits) {
      return shorts(key, "HalfStorage", bits);
    }

    /** bfloat16 bit patterns. */
    static Storage bfloat16(String key, int... bits) {
      return shorts(key, "BFloat16Storage", bits);
    }

    static Storage int64(String key, long... values) {
      ByteBuffer b = little(values.length * 8);
      for (long v : values) {
        b.putLong(v);
      }
      return new Storage(key, "LongStorage", values.length, b.array());
    }

    static Storage int32(String key, int... values) {
      ByteBuffer b = little(values.length * 4);
      for (int v : values) {
        b.putInt(v);
      }
      return new Storage(key, "IntStorage", values.length, b.array());
    }

    static Storage bytes(String key, String storageClass, int... values) {
      byte[] b = new byte[values.length];
      for (int i = 0; i < values.length; i++) {
        b[i] = (byte) values[i];
      }
      return new Storage(key, storageClass, values.length, b);
    }

    private static Storage shorts(String key, String storageClass, int... bits) {
      ByteBuffer b = little(bits.length * 2);
      for (int v : bits) {
        b.putShort((short) v);
      }
      return new Storage(key, storageClass, bits.length, b.array());
    }

    private static ByteBuffer little(int size) {
      return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}. */
  record Tensor(Storage storage, long offset, long[] size, long[] stride) {
    /** A C-contiguous view of {@code size} starting {@code offset} elements in. */
    static Tensor contiguous(Storage storage, long offset, long... size) {
      long[] stride = new long[size.length];
      long step = 1;
      for (int d = size.length - 1; d >= 0; d--) {
        stride[d] = step;
        step *= size[d];
      }
      return new Tensor(storage, offset, size, stride);
    }
  }

  /** {@code torch._utils._rebuild_parameter(data, True, OrderedDict())}: an nn.Parameter. */
  record Parameter(Tensor data) {}

  static Map<Object, Object> map(Object... keysAndValues) {
    Map<Object, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }
}

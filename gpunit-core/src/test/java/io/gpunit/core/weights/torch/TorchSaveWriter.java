package io.gpunit.core.weights.torch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes what {@code torch.save} writes, for tests: a protocol-2 pickle emitted the way CPython's
 * pickler does (memoizing strings, tuples, containers and globals; BINGET on repeats; SETITEM for one
 * item, MARK…SETITEMS for more), with storages as persistent ids, in a ZIP laid out as {@code
 * archive/data.pkl}, {@code archive/byteorder}, {@code archive/data/<key>}, {@code archive/version}.
 * {@code TorchSaveWriterTest} pins the pickle bytes to CPython's own output.
 */
final class TorchSaveWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Map<Object, Integer> memoByIdentity = new IdentityHashMap<>();
  private final Map<Object, Integer> memoByValue = new HashMap<>();
  private final Map<String, Py.Storage> storages = new TreeMap<>();

  private TorchSaveWriter() {}

  /** The data.pkl bytes for {@code root}. */
  static byte[] pickle(Object root) {
    return new TorchSaveWriter().dump(root);
  }

  /** The ZIP entries torch.save writes for {@code root}, in its order; tests may edit them. */
  static Map<String, byte[]> entries(Object root) {
    TorchSaveWriter writer = new TorchSaveWriter();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("archive/data.pkl", writer.dump(root));
    entries.put("archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
    for (Py.Storage s : writer.storages.values()) {
      entries.put("archive/data/" + s.key(), s.bytes());
    }
    entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    return entries;
  }

  /** Writes {@code root} as a torch.save file. */
  static Path save(Object root, Path file) throws IOException {
    return zip(entries(root), file);
  }

  /** Writes the entries STORED (uncompressed), as PyTorch does. */
  static Path zip(Map<String, byte[]> entries, Path file) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(os)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(e.getValue().length);
        CRC32 crc = new CRC32();
        crc.update(e.getValue());
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  private byte[] dump(Object root) {
    out.write(0x80);
    out.write(2);
    save(root);
    out.write('.');
    return out.toByteArray();
  }

  private void save(Object value) {
    if (value == null) {
      out.write('N');
    } else if (value instanceof Boolean b) {
      out.write(b ? 0x88 : 0x89);
    } else if (value instanceof Long || value instanceof Integer) {
      saveInt(((Number) value).longValue());
    } else if (value instanceof Double d) {
      out.write('G');
      out.writeBytes(ByteBuffer.allocate(8).putDouble(d).array());
    } else if (memoGet(value)) {
      return;
    } else if (value instanceof String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      out.write('X');
      writeU32(utf8.length);
      out.writeBytes(utf8);
      memoize(value);
    } else if (value instanceof Py.Global g) {
      out.write('c');
      out.writeBytes((g.module() + "\n" + g.name() + "\n").getBytes(StandardCharsets.UTF_8));
      memoize(value);
    } else if (value instanceof Py.Tuple t) {
      saveTuple(t);
    } else if (value instanceof List<?> list) {
      out.write(']');
      memoize(value);
      batch(list, 'a', 'e');
    } else if (value instanceof Map<?, ?> map) {
      out.write('}');
      memoize(value);
      setItems(map);
    } else if (value instanceof Py.OrderedDict d) {
      reduce(value, new Py.Global("collections", "OrderedDict"), Py.Tuple.of());
      setItems(d.items());
      if (d.attributes() != null) {
        save(d.attributes());
        out.write('b');
      }
    } else if (value instanceof Py.Tensor t) {
      reduce(value, new Py.Global("torch._utils", "_rebuild_tensor_v2"),
          Py.Tuple.of(t.storage(), t.offset(), tuple(t.size()), tuple(t.stride()), false,
              Py.OrderedDict.of()));
    } else if (value instanceof Py.Parameter p) {
      reduce(value, new Py.Global("torch._utils", "_rebuild_parameter"),
          Py.Tuple.of(p.data(), true, Py.OrderedDict.of()));
    } else if (value instanceof Py.Reduce r) {
      reduce(value, r.func(), r.args());
    } else if (value instanceof Py.Storage s) {
      // persistent_id(): a fresh tuple each time, like torch.serialization's.
      storages.put(s.key(), s);
      save(Py.Tuple.of("storage", new Py.Global("torch", s.storageClass()), s.key(), "cpu",
          s.numel()));
      out.write('Q');
    } else {
      throw new IllegalArgumentException("Cannot pickle " + value.getClass());
    }
  }

  /** CPython's save_reduce: func, args, REDUCE, then memoize the result. */
  private void reduce(Object value, Object func, Py.Tuple args) {
    save(func);
    save(args);
    out.write('R');
    memoize(value);
  }

  private void saveTuple(Py.Tuple t) {
    int n = t.items().size();
    if (n == 0) {
      out.write(')');
      return;
    }
    if (n <= 3) {
      t.items().forEach(this::save);
      out.write(0x84 + n);
    } else {
      out.write('(');
      t.items().forEach(this::save);
      out.write('t');
    }
    memoize(t);
  }

  private void setItems(Map<?, ?> map) {
    if (map.size() == 1) {
      Map.Entry<?, ?> e = map.entrySet().iterator().next();
      save(e.getKey());
      save(e.getValue());
      out.write('s');
    } else if (map.size() > 1) {
      out.write('(');
      map.forEach((k, v) -> {
        save(k);
        save(v);
      });
      out.write('u');
    }
  }

  private void batch(List<?> items, int one, int many) {
    if (items.size() == 1) {
      save(items.get(0));
      out.write(one);
    } else if (items.size() > 1) {
      out.write('(');
      items.forEach(this::save);
      out.write(many);
    }
  }

  /** BININT1 / BININT2 for small non-negative ints, BININT for 32-bit, else LONG1. */
  private void saveInt(long v) {
    if (v >= 0 && v < 256) {
      out.write('K');
      out.write((int) v);
    } else if (v >= 0 && v < 65536) {
      out.write('M');
      out.write((int) v & 0xff);
      out.write((int) (v >>> 8) & 0xff);
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      out.write('J');
      writeU32((int) v);
    } else {
      byte[] big = java.math.BigInteger.valueOf(v).toByteArray();
      out.write(0x8a);
      out.write(big.length);
      for (int i = big.length - 1; i >= 0; i--) {
        out.write(big[i]);
      }
    }
  }

  /** Strings and globals are shared by value (as Python interns them), everything else by identity. */
  private boolean memoGet(Object value) {
    Integer index = byValue(value) ? memoByValue.get(value) : memoByIdentity.get(value);
    if (index == null) {
      return false;
    }
    if (index < 256) {
      out.write('h');
      out.write(index);
    } else {
      out.write('j');
      writeU32(index);
    }
    return true;
  }

  private void memoize(Object value) {
    int index = memoByValue.size() + memoByIdentity.size();
    if (index < 256) {
      out.write('q');
      out.write(index);
    } else {
      out.write('r');
      writeU32(index);
    }
    (byValue(value) ? memoByValue : memoByIdentity).put(value, index);
  }

  private static boolean byValue(Object value) {
    return value instanceof String || value instanceof Py.Global;
  }

  private void writeU32(int v) {
    out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
  }

  private static Py.Tuple tuple(long[] values) {
    Object[] boxed = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return Py.Tuple.of(boxed);
  }
}

package io.gpunit.core.weights.torch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A checkpoint written by {@code torch.save} (PyTorch ≥ 1.6 ZIP format), read without Python and
 * without executing anything: the pickle goes through {@link RestrictedUnpickler}, which accepts
 * only the globals a state dict needs and refuses all others by name ({@link
 * UnsafePickleException}).
 *
 * <p>{@link #root()} is the saved object as plain, unmodifiable Java values: {@code Map} (dict,
 * OrderedDict; insertion order kept), {@code List} (list, tuple), {@code String}, {@code Long} /
 * {@code BigInteger}, {@code Double}, {@code Boolean}, {@code byte[]}, {@link TorchDType}, {@code
 * null}, and {@link INDArray} for tensors (C order, a fresh copy even for strided views; float16 and
 * bfloat16 up-cast to FLOAT). GP-UNIT's checkpoints read as e.g. {@code stateDict("g_ema")}, {@code
 * stateDict("sampler")}, and {@code stateDict()} for {@code content_encoder.pt}.
 */
public final class TorchCheckpoint {
  /** Nesting deeper than this is no state dict, and recursion on it could overflow the stack. */
  static final int MAX_DEPTH = 100;

  private final Object root;

  private TorchCheckpoint(Object root) {
    this.root = root;
  }

  /**
   * Reads the checkpoint at {@code file} within the {@link #defaultStorageBudget() default storage
   * budget}.
   *
   * @throws UnsafePickleException if its pickle names a global outside the allowlist
   * @throws CheckpointTooLargeException if its tensors need more memory than the budget
   * @throws TorchCheckpointException if it is malformed, truncated or unsupported
   */
  public static TorchCheckpoint read(Path file) throws IOException {
    return read(file, defaultStorageBudget());
  }

  /**
   * Reads the checkpoint at {@code file}, refusing it before any storage is inflated when the bytes
   * its tensors address (as data.pkl declares them) exceed {@code maxStorageBytes}. Reading holds
   * those bytes on the heap and the decoded tensors off the heap, so the budget bounds both.
   *
   * @throws CheckpointTooLargeException if the tensors need more than {@code maxStorageBytes}
   */
  public static TorchCheckpoint read(Path file, long maxStorageBytes) throws IOException {
    if (maxStorageBytes < 0) {
      throw new IllegalArgumentException("maxStorageBytes must be >= 0, got " + maxStorageBytes);
    }
    try (TorchArchive archive = TorchArchive.open(file)) {
      Object unpickled;
      try {
        unpickled = RestrictedUnpickler.load(archive.pickle());
      } catch (UnsafePickleException e) {
        throw e;
      } catch (TorchCheckpointException e) {
        throw new TorchCheckpointException(file + ": data.pkl: " + e.getMessage(), e);
      }
      StoragePlan plan = StoragePlan.of(unpickled);
      plan.checkBudget(file, maxStorageBytes);
      return new TorchCheckpoint(new Materializer(archive, plan).convert(unpickled, 0));
    }
  }

  /**
   * A quarter of the heap this JVM can still grow into: a storage is held on the heap while it is
   * decoded, next to a Java array of its elements, so a quarter leaves room for both and for the
   * caller. Real checkpoints (GP-UNIT's are tens of MB) are far below it at any usual -Xmx.
   */
  public static long defaultStorageBudget() {
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    return Math.max(0, rt.maxMemory() - used) / 4;
  }

  /** The saved object (see the class comment for the value types). */
  public Object root() {
    return root;
  }

  /**
   * The state dict at {@code path} below the root ({@code stateDict("g_ema")}; none for a file that
   * is a state dict itself): its tensors by their keys, in saved order.
   *
   * @throws IllegalArgumentException if the path does not lead to a dict of tensors
   */
  public Map<String, INDArray> stateDict(String... path) {
    Object node = root;
    List<String> walked = new ArrayList<>();
    for (String step : path) {
      if (!(node instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException(
            "'" + String.join(".", walked) + "' is " + kind(node) + ", not a dict");
      }
      walked.add(step);
      node = findKey(map, step);
      if (node == NO_KEY) {
        throw new IllegalArgumentException(
            "No key '" + String.join(".", walked) + "' in the checkpoint; the keys there are "
                + map.keySet());
      }
    }
    String where = walked.isEmpty() ? "the checkpoint root" : "'" + String.join(".", walked) + "'";
    if (!(node instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(where + " is " + kind(node) + ", not a state dict");
    }
    Map<String, INDArray> tensors = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof INDArray array)) {
        throw new IllegalArgumentException(
            where + " is not a state dict: its entry '" + e.getKey() + "' is "
                + kind(e.getValue()) + ", not a tensor");
      }
      tensors.put(String.valueOf(e.getKey()), array);
    }
    return Collections.unmodifiableMap(tensors);
  }

  /**
   * Every tensor in the checkpoint under its dotted path, dict keys and list indices joined with
   * '.', e.g. {@code g_ema.layer1.0.weight}; non-tensor leaves (ints, strings) are left out.
   *
   * @throws IllegalStateException if two paths flatten to the same name
   */
  public Map<String, INDArray> flatten() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    flatten(root, "", out);
    return Collections.unmodifiableMap(out);
  }

  private static void flatten(Object node, String prefix, Map<String, INDArray> out) {
    if (node instanceof INDArray array) {
      if (out.put(prefix, array) != null) {
        throw new IllegalStateException("Two tensors flatten to the same name '" + prefix + "'");
      }
    } else if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        flatten(e.getValue(), join(prefix, String.valueOf(e.getKey())), out);
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        flatten(list.get(i), join(prefix, Integer.toString(i)), out);
      }
    }
  }

  private static String join(String prefix, String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  private static final Object NO_KEY = new Object();

  /** A key matches by its string form, so integer keys can be walked too. */
  private static Object findKey(Map<?, ?> map, String step) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (String.valueOf(e.getKey()).equals(step)) {
        return e.getValue();
      }
    }
    return NO_KEY;
  }

  private static String kind(Object value) {
    if (value instanceof INDArray array) {
      return "a tensor " + java.util.Arrays.toString(array.shape());
    }
    if (value instanceof Map<?, ?>) {
      return "a dict";
    }
    return value == null ? "None" : "a " + value.getClass().getSimpleName();
  }

  /**
   * Turns the unpickled graph into the public value tree, reading each storage once. Objects the
   * pickle shares through its memo stay shared; a container that contains itself is refused.
   */
  private static final class Materializer {
    private final TorchArchive archive;
    private final StoragePlan plan;
    private final Map<String, ByteBuffer> storages = new HashMap<>();
    private final Map<Object, Object> done = new IdentityHashMap<>();
    private final Set<Object> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());

    Materializer(TorchArchive archive, StoragePlan plan) {
      this.archive = archive;
      this.plan = plan;
    }

    Object convert(Object value, int depth) throws IOException {
      if (value == null || value instanceof String || value instanceof Number
          || value instanceof Boolean || value instanceof byte[] || value instanceof TorchDType) {
        return value;
      }
      if (depth > MAX_DEPTH) {
        throw new TorchCheckpointException(
            "Checkpoint nests containers deeper than " + MAX_DEPTH + " levels");
      }
      Object converted = done.get(value);
      if (converted != null) {
        return converted;
      }
      if (!inProgress.add(value)) {
        throw new TorchCheckpointException("Checkpoint contains a container that contains itself");
      }
      converted = convertNew(value, depth);
      inProgress.remove(value);
      done.put(value, converted);
      return converted;
    }

    private Object convertNew(Object value, int depth) throws IOException {
      if (value instanceof TensorRef tensor) {
        return TensorDecoder.decode(tensor, storage(tensor.storage()));
      }
      if (value instanceof StorageRef storage) {
        // A bare storage is its elements as a vector.
        TensorRef whole = TensorRef.of(storage, 0, new long[] {storage.numel()}, new long[] {1},
            "storage '" + storage.key() + "'");
        return TensorDecoder.decode(whole, storage(storage));
      }
      if (value instanceof Map<?, ?> map) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          out.put(convert(e.getKey(), depth + 1), convert(e.getValue(), depth + 1));
        }
        return Collections.unmodifiableMap(out);
      }
      if (value instanceof PickleTuple tuple) {
        return convertList(tuple.items(), depth);
      }
      if (value instanceof List<?> list) {
        return convertList(list, depth);
      }
      throw new TorchCheckpointException(
          "Checkpoint holds " + TorchGlobals.describeValue(value)
              + " as a value, which has no data representation");
    }

    private List<Object> convertList(List<?> items, int depth) throws IOException {
      List<Object> out = new ArrayList<>(items.size());
      for (Object item : items) {
        out.add(convert(item, depth + 1));
      }
      return Collections.unmodifiableList(out);
    }

    private ByteBuffer storage(StorageRef ref) throws IOException {
      ByteBuffer bytes = storages.get(ref.key());
      if (bytes == null) {
        bytes = archive.storage(ref, plan.neededBytes(ref.key()));
        storages.put(ref.key(), bytes);
      }
      return bytes;
    }
  }
}

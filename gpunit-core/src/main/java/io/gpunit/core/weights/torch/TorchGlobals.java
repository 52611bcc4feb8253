package io.gpunit.core.weights.torch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The allowlist of Python globals a checkpoint pickle may name, each implemented here in Java.
 * Nothing is looked up by name in any runtime: a name not listed is refused with {@link
 * UnsafePickleException} as soon as it is read.
 *
 * <ul>
 *   <li>{@code collections.OrderedDict()} — a state dict or the empty {@code backward_hooks};
 *   <li>{@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad,
 *       backward_hooks[, metadata])} — a tensor view of a storage;
 *   <li>{@code torch._utils._rebuild_parameter(data, requires_grad, backward_hooks)} and {@code
 *       _rebuild_parameter_with_state(..., state)} — an {@code nn.Parameter}, i.e. its data;
 *   <li>{@code torch.FloatStorage}, {@code torch.HalfStorage}, ... and {@code torch.UntypedStorage}
 *       (bytes) — storage types inside persistent ids;
 *   <li>{@code torch.float32}, {@code torch.half}, ... — dtypes, as plain values.
 * </ul>
 */
final class TorchGlobals {
  private TorchGlobals() {}

  /** A storage class named in a persistent id; {@code torch.UntypedStorage} is a byte storage. */
  record StorageType(String name, TorchDType dtype) {}

  /** A body for an allowed callable global. */
  @FunctionalInterface
  interface Body {
    Object call(PickleTuple args, String where) throws TorchCheckpointException;
  }

  /** An allowed callable global: its qualified name and its Java implementation. */
  record Function(String name, Body body) {
    Object call(PickleTuple args, String where) throws TorchCheckpointException {
      return body.call(args, where + " (" + name + ")");
    }
  }

  private static final Map<String, Function> FUNCTIONS =
      Map.of(
          "collections.OrderedDict",
          new Function("collections.OrderedDict", TorchGlobals::orderedDict),
          "torch._utils._rebuild_tensor_v2",
          new Function("torch._utils._rebuild_tensor_v2", TorchGlobals::rebuildTensor),
          "torch._utils._rebuild_parameter",
          new Function("torch._utils._rebuild_parameter", (a, w) -> rebuildParameter(a, w, 3)),
          "torch._utils._rebuild_parameter_with_state",
          new Function(
              "torch._utils._rebuild_parameter_with_state", (a, w) -> rebuildParameter(a, w, 4)));

  /**
   * The value of global {@code module.name}: a {@link Function}, a {@link StorageType} or a {@link
   * TorchDType}.
   *
   * @throws UnsafePickleException if the global is not on the allowlist
   */
  static Object resolve(String module, String name, long offset) throws UnsafePickleException {
    String qualified = module + "." + name;
    Function function = FUNCTIONS.get(qualified);
    if (function != null) {
      return function;
    }
    if (module.equals("torch")) {
      if (name.equals("UntypedStorage")) {
        return new StorageType(qualified, TorchDType.UINT8);
      }
      Optional<TorchDType> storage = TorchDType.byStorageClass(name);
      if (storage.isPresent()) {
        return new StorageType(qualified, storage.get());
      }
      Optional<TorchDType> dtype = TorchDType.byTorchName(name);
      if (dtype.isPresent()) {
        return dtype.get();
      }
    }
    throw new UnsafePickleException(qualified, offset);
  }

  private static Object orderedDict(PickleTuple args, String where)
      throws TorchCheckpointException {
    if (args.size() != 0) {
      throw new TorchCheckpointException(
          where + ": expected no arguments (torch.save pickles an OrderedDict's items with"
              + " SETITEMS), got " + args.size());
    }
    return new LinkedHashMap<Object, Object>();
  }

  private static Object rebuildTensor(PickleTuple args, String where)
      throws TorchCheckpointException {
    if (args.size() != 6 && args.size() != 7) {
      throw new TorchCheckpointException(
          where + ": expected (storage, storage_offset, size, stride, requires_grad,"
              + " backward_hooks[, metadata]), got " + args.size() + " arguments");
    }
    StorageRef storage = argument(args, 0, StorageRef.class, "storage", where);
    long offset = argument(args, 1, Long.class, "storage_offset", where);
    long[] size = longs(argument(args, 2, PickleTuple.class, "size", where), "size", where);
    long[] stride = longs(argument(args, 3, PickleTuple.class, "stride", where), "stride", where);
    argument(args, 4, Boolean.class, "requires_grad", where);
    argument(args, 5, Map.class, "backward_hooks", where);
    return TensorRef.of(storage, offset, size, stride, where);
  }

  /** A Parameter loads as its data: requires_grad, hooks and Python state are training-time only. */
  private static Object rebuildParameter(PickleTuple args, String where, int arity)
      throws TorchCheckpointException {
    if (args.size() != arity) {
      throw new TorchCheckpointException(
          where + ": expected " + arity + " arguments, got " + args.size());
    }
    argument(args, 1, Boolean.class, "requires_grad", where);
    return argument(args, 0, TensorRef.class, "data", where);
  }

  private static <T> T argument(PickleTuple args, int i, Class<T> type, String name, String where)
      throws TorchCheckpointException {
    Object value = args.get(i);
    if (!type.isInstance(value)) {
      throw new TorchCheckpointException(
          where + ": argument " + i + " (" + name + ") should be " + describe(type) + ", got "
              + describeValue(value));
    }
    return type.cast(value);
  }

  private static long[] longs(PickleTuple tuple, String name, String where)
      throws TorchCheckpointException {
    long[] out = new long[tuple.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(tuple.get(i) instanceof Long value)) {
        throw new TorchCheckpointException(
            where + ": " + name + "[" + i + "] should be an int, got " + describeValue(tuple.get(i)));
      }
      out[i] = value;
    }
    return out;
  }

  private static String describe(Class<?> type) {
    if (type == Long.class) {
      return "an int";
    }
    if (type == Boolean.class) {
      return "a bool";
    }
    if (type == PickleTuple.class) {
      return "a tuple";
    }
    if (type == Map.class) {
      return "a dict";
    }
    if (type == StorageRef.class) {
      return "a storage (persistent id)";
    }
    if (type == TensorRef.class) {
      return "a tensor";
    }
    return type.getSimpleName();
  }

  /** A short Python-flavoured description of an unpickled value, for error messages. */
  static String describeValue(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof String s) {
      return "str '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }
    if (value instanceof Long || value instanceof java.math.BigInteger) {
      return "int " + value;
    }
    if (value instanceof Double) {
      return "float " + value;
    }
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value instanceof PickleTuple t) {
      return "a tuple of " + t.size();
    }
    if (value instanceof Map<?, ?> m) {
      return "a dict of " + m.size();
    }
    if (value instanceof java.util.List<?> l) {
      return "a list of " + l.size();
    }
    if (value instanceof Function f) {
      return "global " + f.name();
    }
    if (value instanceof StorageType s) {
      return "global " + s.name();
    }
    if (value instanceof TensorRef) {
      return "a tensor";
    }
    if (value instanceof StorageRef) {
      return "a storage";
    }
    if (value instanceof TorchDType d) {
      return "dtype " + d;
    }
    if (value instanceof byte[] b) {
      return "bytes of length " + b.length;
    }
    return value.getClass().getSimpleName();
  }
}

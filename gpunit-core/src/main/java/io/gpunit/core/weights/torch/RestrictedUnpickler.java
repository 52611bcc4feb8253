package io.gpunit.core.weights.torch;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle virtual machine restricted to what {@code torch.save} emits for state dicts (protocol 2,
 * plus the protocol 3–5 opcodes a newer pickler may use for the same data).
 *
 * <p>Nothing is ever executed: GLOBAL / STACK_GLOBAL resolve names against {@link TorchGlobals},
 * whose entries are Java implementations, and any other name fails at once with {@link
 * UnsafePickleException}. INST, OBJ, NEWOBJ_EX, EXT* and the text-mode opcodes are not implemented and
 * fail as unsupported. Persistent ids must be torch storage references.
 *
 * <p>Values unpickle as: dict / OrderedDict → {@link LinkedHashMap}, list → {@link ArrayList}, tuple
 * → {@link PickleTuple}, int → {@link Long} (or {@link BigInteger} beyond 64 bits), float → {@link
 * Double}, str → {@link String}, bytes → {@code byte[]}, bool, None → null, tensor → {@link
 * TensorRef}. Instance state applied to a dict by BUILD (a state dict's {@code _metadata} of module
 * versions) is dropped.
 */
final class RestrictedUnpickler {
  private final PickleBytes in;
  private final List<Object> stack = new ArrayList<>();
  private final Deque<Integer> marks = new ArrayDeque<>();
  private final Map<Long, Object> memo = new HashMap<>();
  private final Map<String, StorageRef> storages = new LinkedHashMap<>();
  private int opcodeOffset;

  private RestrictedUnpickler(byte[] pickle) {
    this.in = new PickleBytes(pickle);
  }

  /** The unpickled object of {@code pickle}. */
  static Object load(byte[] pickle) throws TorchCheckpointException {
    return new RestrictedUnpickler(pickle).run();
  }

  private Object run() throws TorchCheckpointException {
    while (!in.atEnd()) {
      opcodeOffset = in.position();
      int op = in.u8("opcode");
      if (op == '.') {
        return pop("STOP");
      }
      execute(op);
    }
    throw new TorchCheckpointException(
        "Truncated pickle: ended at offset " + in.position() + " without a STOP opcode");
  }

  private void execute(int op) throws TorchCheckpointException {
    switch (op) {
      case 0x80 -> { // PROTO
        int protocol = in.u8("PROTO version");
        if (protocol < 2 || protocol > 5) {
          throw error("unsupported pickle protocol " + protocol + " (expected 2 to 5)");
        }
      }
      case 0x95 -> in.i64("FRAME length"); // framing only batches reads
      case '(' -> marks.push(stack.size());
      case '0' -> pop("POP");
      case '1' -> popMark("POP_MARK");
      case '2' -> push(peek("DUP"));
      case 'N' -> push(null);
      case 0x88 -> push(Boolean.TRUE);
      case 0x89 -> push(Boolean.FALSE);
      case 'J' -> push((long) in.i32("BININT"));
      case 'K' -> push((long) in.u8("BININT1"));
      case 'M' -> push((long) in.u16("BININT2"));
      case 0x8a -> push(decodeLong(in.bytes(in.u8("LONG1 length"), "LONG1")));
      case 0x8b -> push(decodeLong(in.bytes(in.i32("LONG4 length"), "LONG4")));
      case 'G' -> push(in.f64BigEndian("BINFLOAT"));
      case 'X' -> push(in.utf8(in.u32("BINUNICODE length"), "BINUNICODE"));
      case 0x8c -> push(in.utf8(in.u8("SHORT_BINUNICODE length"), "SHORT_BINUNICODE"));
      case 0x8d -> push(in.utf8(in.i64("BINUNICODE8 length"), "BINUNICODE8"));
      case 'B' -> push(in.bytes(in.u32("BINBYTES length"), "BINBYTES"));
      case 'C' -> push(in.bytes(in.u8("SHORT_BINBYTES length"), "SHORT_BINBYTES"));
      case 0x8e -> push(in.bytes(in.i64("BINBYTES8 length"), "BINBYTES8"));
      case ']' -> push(new ArrayList<>());
      case 'l' -> push(new ArrayList<>(popMark("LIST")));
      case 'a' -> {
        Object item = pop("APPEND");
        list("APPEND").add(item);
      }
      case 'e' -> {
        List<Object> items = popMark("APPENDS");
        list("APPENDS").addAll(items);
      }
      case ')' -> push(PickleTuple.EMPTY);
      case 't' -> push(new PickleTuple(popMark("TUPLE")));
      case 0x85, 0x86, 0x87 -> push(new PickleTuple(popN(op - 0x84, "TUPLE" + (op - 0x84))));
      case '}' -> push(new LinkedHashMap<>());
      case 'd' -> {
        Map<Object, Object> dict = new LinkedHashMap<>();
        putPairs(dict, popMark("DICT"), "DICT");
        push(dict);
      }
      case 's' -> {
        Object value = pop("SETITEM");
        Object key = pop("SETITEM");
        putPairs(dict("SETITEM"), Arrays.asList(key, value), "SETITEM");
      }
      case 'u' -> {
        List<Object> pairs = popMark("SETITEMS");
        putPairs(dict("SETITEMS"), pairs, "SETITEMS");
      }
      case 'q' -> memoize(in.u8("BINPUT index"));
      case 'r' -> memoize(in.u32("LONG_BINPUT index"));
      case 0x94 -> memoize(memo.size());
      case 'h' -> push(memoGet(in.u8("BINGET index")));
      case 'j' -> push(memoGet(in.u32("LONG_BINGET index")));
      case 'c' -> {
        String module = in.line("GLOBAL module");
        String name = in.line("GLOBAL name");
        push(TorchGlobals.resolve(module, name, opcodeOffset));
      }
      case 0x93 -> {
        Object name = pop("STACK_GLOBAL");
        Object module = pop("STACK_GLOBAL");
        if (!(module instanceof String m) || !(name instanceof String n)) {
          throw error("STACK_GLOBAL needs two strings, got "
              + TorchGlobals.describeValue(module) + " and " + TorchGlobals.describeValue(name));
        }
        push(TorchGlobals.resolve(m, n, opcodeOffset));
      }
      case 'R' -> reduce("REDUCE");
      case 0x81 -> reduce("NEWOBJ");
      case 'b' -> build();
      case 'Q' -> push(persistentLoad(pop("BINPERSID")));
      default -> throw new TorchCheckpointException(
          "Unsupported pickle opcode 0x" + Integer.toHexString(op) + " " + PickleOpcodeNames.of(op)
              + " at offset " + opcodeOffset
              + " (a torch.save state dict does not use it)");
    }
  }

  /** REDUCE calls {@code f(*args)}; NEWOBJ is {@code cls.__new__(cls, *args)}, the same here. */
  private void reduce(String opcode) throws TorchCheckpointException {
    Object args = pop(opcode);
    Object callable = pop(opcode);
    if (!(callable instanceof TorchGlobals.Function function)) {
      throw error(opcode + " on " + TorchGlobals.describeValue(callable) + ", which is not callable");
    }
    if (!(args instanceof PickleTuple tuple)) {
      throw error(opcode + " arguments should be a tuple, got " + TorchGlobals.describeValue(args));
    }
    push(function.call(tuple, opcode + " at pickle offset " + opcodeOffset));
  }

  /**
   * BUILD sets instance state. The only state in a state-dict checkpoint is an OrderedDict's
   * {@code __dict__} ({@code _metadata}), which carries nothing a loader needs.
   */
  private void build() throws TorchCheckpointException {
    Object state = pop("BUILD");
    Object target = peek("BUILD");
    boolean attributes = state instanceof Map
        || state instanceof PickleTuple t && t.size() == 2
            && (t.get(0) == null || t.get(0) instanceof Map)
            && (t.get(1) == null || t.get(1) instanceof Map);
    if (!(target instanceof Map) || !attributes) {
      throw error("BUILD of " + TorchGlobals.describeValue(state) + " on "
          + TorchGlobals.describeValue(target) + " is not supported (only a dict's attributes)");
    }
  }

  /** {@code ('storage', storage_type, key, location, numel)}, as torch.serialization writes it. */
  private StorageRef persistentLoad(Object pid) throws TorchCheckpointException {
    if (!(pid instanceof PickleTuple t) || t.size() != 5 || !"storage".equals(t.get(0))) {
      throw error("persistent id should be ('storage', type, key, location, numel), got "
          + TorchGlobals.describeValue(pid));
    }
    if (!(t.get(1) instanceof TorchGlobals.StorageType type)
        || !(t.get(2) instanceof String key)
        || !(t.get(3) instanceof String location)
        || !(t.get(4) instanceof Long numel)) {
      throw error("persistent id should be ('storage', torch.<T>Storage, str key, str location,"
          + " int numel), got (" + describeItems(t) + ")");
    }
    if (numel < 0 || numel > Integer.MAX_VALUE / type.dtype().elementSize()) {
      throw error("storage '" + key + "' declares " + numel + " elements of "
          + type.dtype() + "; at most 2 GiB per storage is supported");
    }
    StorageRef ref = new StorageRef(key, type.dtype(), numel, location);
    StorageRef previous = storages.putIfAbsent(key, ref);
    if (previous != null && (previous.dtype() != ref.dtype() || previous.numel() != ref.numel())) {
      throw error("storage '" + key + "' is referenced as " + previous.numel() + " x "
          + previous.dtype() + " and as " + numel + " x " + ref.dtype());
    }
    return previous != null ? previous : ref;
  }

  private static String describeItems(PickleTuple t) {
    List<String> parts = new ArrayList<>();
    for (Object item : t.items()) {
      parts.add(TorchGlobals.describeValue(item));
    }
    return String.join(", ", parts);
  }

  /** Little-endian two's complement, as LONG1 / LONG4 store it. */
  private static Object decodeLong(byte[] littleEndian) {
    if (littleEndian.length == 0) {
      return 0L;
    }
    byte[] bigEndian = new byte[littleEndian.length];
    for (int i = 0; i < littleEndian.length; i++) {
      bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
    }
    BigInteger value = new BigInteger(bigEndian);
    return value.bitLength() < 64 ? (Object) value.longValue() : value;
  }

  private void putPairs(Map<Object, Object> dict, List<Object> pairs, String opcode)
      throws TorchCheckpointException {
    if (pairs.size() % 2 != 0) {
      throw error(opcode + " has an odd number (" + pairs.size() + ") of keys and values");
    }
    for (int i = 0; i < pairs.size(); i += 2) {
      Object key = pairs.get(i);
      if (!isHashable(key)) {
        throw error(opcode + ": " + TorchGlobals.describeValue(key) + " cannot be a dict key");
      }
      dict.put(key, pairs.get(i + 1));
    }
  }

  /** Scalars, and tuples of scalars: enough for state-dict and optimizer keys, never recursive. */
  private static boolean isHashable(Object key) {
    if (key instanceof PickleTuple t) {
      return t.items().stream().allMatch(RestrictedUnpickler::isScalar);
    }
    return isScalar(key);
  }

  private static boolean isScalar(Object v) {
    return v == null || v instanceof String || v instanceof Long || v instanceof BigInteger
        || v instanceof Double || v instanceof Boolean;
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> dict(String opcode) throws TorchCheckpointException {
    Object target = peek(opcode);
    if (!(target instanceof LinkedHashMap)) {
      throw error(opcode + " on " + TorchGlobals.describeValue(target) + ", not a dict");
    }
    return (Map<Object, Object>) target;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(String opcode) throws TorchCheckpointException {
    Object target = peek(opcode);
    if (!(target instanceof ArrayList)) {
      throw error(opcode + " on " + TorchGlobals.describeValue(target) + ", not a list");
    }
    return (List<Object>) target;
  }

  private void memoize(long index) throws TorchCheckpointException {
    memo.put(index, peek("memo put"));
  }

  private Object memoGet(long index) throws TorchCheckpointException {
    if (!memo.containsKey(index)) {
      throw error("memo index " + index + " was never stored");
    }
    return memo.get(index);
  }

  private void push(Object value) {
    stack.add(value);
  }

  private int floor() {
    return marks.isEmpty() ? 0 : marks.peek();
  }

  private Object pop(String opcode) throws TorchCheckpointException {
    if (stack.size() <= floor()) {
      throw error(opcode + " on an empty stack");
    }
    return stack.remove(stack.size() - 1);
  }

  private Object peek(String opcode) throws TorchCheckpointException {
    if (stack.size() <= floor()) {
      throw error(opcode + " on an empty stack");
    }
    return stack.get(stack.size() - 1);
  }

  private List<Object> popN(int n, String opcode) throws TorchCheckpointException {
    if (stack.size() - floor() < n) {
      throw error(opcode + " needs " + n + " stack items, found " + (stack.size() - floor()));
    }
    List<Object> top = stack.subList(stack.size() - n, stack.size());
    List<Object> items = new ArrayList<>(top);
    top.clear();
    return items;
  }

  private List<Object> popMark(String opcode) throws TorchCheckpointException {
    if (marks.isEmpty()) {
      throw error(opcode + " without a preceding MARK");
    }
    int mark = marks.pop();
    List<Object> top = stack.subList(mark, stack.size());
    List<Object> items = new ArrayList<>(top);
    top.clear();
    return items;
  }

  private TorchCheckpointException error(String message) {
    return new TorchCheckpointException(
        "Malformed pickle at offset " + opcodeOffset + ": " + message);
  }
}

package io.gpunit.core.weights.torch;

import java.util.Map;

/** Names of the pickle opcodes (Python's pickletools), so an unsupported one reads clearly. */
final class PickleOpcodeNames {
  private PickleOpcodeNames() {}

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(0x28, "MARK"),
          Map.entry(0x29, "EMPTY_TUPLE"),
          Map.entry(0x2e, "STOP"),
          Map.entry(0x30, "POP"),
          Map.entry(0x31, "POP_MARK"),
          Map.entry(0x32, "DUP"),
          Map.entry(0x42, "BINBYTES"),
          Map.entry(0x43, "SHORT_BINBYTES"),
          Map.entry(0x46, "FLOAT"),
          Map.entry(0x47, "BINFLOAT"),
          Map.entry(0x49, "INT"),
          Map.entry(0x4a, "BININT"),
          Map.entry(0x4b, "BININT1"),
          Map.entry(0x4c, "LONG"),
          Map.entry(0x4d, "BININT2"),
          Map.entry(0x4e, "NONE"),
          Map.entry(0x50, "PERSID"),
          Map.entry(0x51, "BINPERSID"),
          Map.entry(0x52, "REDUCE"),
          Map.entry(0x53, "STRING"),
          Map.entry(0x54, "BINSTRING"),
          Map.entry(0x55, "SHORT_BINSTRING"),
          Map.entry(0x56, "UNICODE"),
          Map.entry(0x58, "BINUNICODE"),
          Map.entry(0x5d, "EMPTY_LIST"),
          Map.entry(0x61, "APPEND"),
          Map.entry(0x62, "BUILD"),
          Map.entry(0x63, "GLOBAL"),
          Map.entry(0x64, "DICT"),
          Map.entry(0x65, "APPENDS"),
          Map.entry(0x67, "GET"),
          Map.entry(0x68, "BINGET"),
          Map.entry(0x69, "INST"),
          Map.entry(0x6a, "LONG_BINGET"),
          Map.entry(0x6c, "LIST"),
          Map.entry(0x6f, "OBJ"),
          Map.entry(0x70, "PUT"),
          Map.entry(0x71, "BINPUT"),
          Map.entry(0x72, "LONG_BINPUT"),
          Map.entry(0x73, "SETITEM"),
          Map.entry(0x74, "TUPLE"),
          Map.entry(0x75, "SETITEMS"),
          Map.entry(0x7d, "EMPTY_DICT"),
          Map.entry(0x80, "PROTO"),
          Map.entry(0x81, "NEWOBJ"),
          Map.entry(0x82, "EXT1"),
          Map.entry(0x83, "EXT2"),
          Map.entry(0x84, "EXT4"),
          Map.entry(0x85, "TUPLE1"),
          Map.entry(0x86, "TUPLE2"),
          Map.entry(0x87, "TUPLE3"),
          Map.entry(0x88, "NEWTRUE"),
          Map.entry(0x89, "NEWFALSE"),
          Map.entry(0x8a, "LONG1"),
          Map.entry(0x8b, "LONG4"),
          Map.entry(0x8c, "SHORT_BINUNICODE"),
          Map.entry(0x8d, "BINUNICODE8"),
          Map.entry(0x8e, "BINBYTES8"),
          Map.entry(0x8f, "EMPTY_SET"),
          Map.entry(0x90, "ADDITEMS"),
          Map.entry(0x91, "FROZENSET"),
          Map.entry(0x92, "NEWOBJ_EX"),
          Map.entry(0x93, "STACK_GLOBAL"),
          Map.entry(0x94, "MEMOIZE"),
          Map.entry(0x95, "FRAME"),
          Map.entry(0x96, "BYTEARRAY8"),
          Map.entry(0x97, "NEXT_BUFFER"),
          Map.entry(0x98, "READONLY_BUFFER"));

  /** {@code (NAME)}, or {@code (not a pickle opcode)}. */
  static String of(int opcode) {
    String name = NAMES.get(opcode);
    return "(" + (name == null ? "not a pickle opcode" : name) + ")";
  }
}

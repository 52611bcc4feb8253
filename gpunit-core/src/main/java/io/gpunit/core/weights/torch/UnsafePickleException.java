package io.gpunit.core.weights.torch;

/**
 * A pickle that names a global outside the allowlist ({@code os.system}, {@code builtins.eval},
 * ...). It is thrown when the GLOBAL / STACK_GLOBAL opcode is read, before any later opcode; the
 * reader never executes anything anyway, but refusing at the name keeps hostile files from even
 * being partially interpreted.
 */
public final class UnsafePickleException extends TorchCheckpointException {
  private static final long serialVersionUID = 1L;

  private final String global;

  UnsafePickleException(String global, long offset) {
    super(
        "Refusing global '"
            + global
            + "' at pickle offset "
            + offset
            + ": only collections.OrderedDict, torch._utils._rebuild_tensor_v2 /"
            + " _rebuild_parameter, torch.*Storage types and torch dtypes are allowed in a"
            + " checkpoint");
    this.global = global;
  }

  /** The refused global as {@code module.name}. */
  public String global() {
    return global;
  }
}

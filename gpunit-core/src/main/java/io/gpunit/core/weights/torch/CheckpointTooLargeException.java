package io.gpunit.core.weights.torch;

/**
 * A checkpoint whose tensors would need more memory than the reader may spend on them, refused
 * before any storage is inflated. A service can map it to "413 Payload Too Large".
 */
public final class CheckpointTooLargeException extends TorchCheckpointException {
  private static final long serialVersionUID = 1L;

  private final long neededBytes;
  private final long budgetBytes;

  CheckpointTooLargeException(String message, long neededBytes, long budgetBytes) {
    super(message);
    this.neededBytes = neededBytes;
    this.budgetBytes = budgetBytes;
  }

  /** The storage bytes the checkpoint's tensors address, as declared by its data.pkl. */
  public long neededBytes() {
    return neededBytes;
  }

  /** The most storage bytes the read was allowed to hold. */
  public long budgetBytes() {
    return budgetBytes;
  }
}

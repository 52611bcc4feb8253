package io.gpunit.models;

/**
 * A model file whose tensors would need more memory than the loader may spend (its checkpoint
 * declares storages above the budget), refused before they are read. A service can map it to "413
 * Payload Too Large"; the cause is the {@link
 * io.gpunit.core.weights.torch.CheckpointTooLargeException}.
 */
public final class ModelTooLargeException extends ModelLoadException {

  private static final long serialVersionUID = 1L;

  public ModelTooLargeException(String source, String problem, Throwable cause) {
    super(source, problem, cause);
  }
}

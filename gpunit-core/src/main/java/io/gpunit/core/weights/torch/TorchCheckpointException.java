package io.gpunit.core.weights.torch;

import java.io.IOException;

/** A PyTorch checkpoint file that is malformed, truncated or uses a feature this reader lacks. */
public class TorchCheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  public TorchCheckpointException(String message) {
    super(message);
  }

  public TorchCheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}

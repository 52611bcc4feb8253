package io.gpunit.core.weights.torch;

/**
 * A storage named by a persistent id {@code ('storage', torch.FloatStorage, key, location, numel)}:
 * its bytes are the zip entry {@code <archive>/data/<key>}, {@code numel * elementSize} long.
 */
record StorageRef(String key, TorchDType dtype, long numel, String location) {

  long byteSize() {
    return numel * dtype.elementSize();
  }
}

package io.gpunit.models.training.checkpoint;

import com.google.common.base.Preconditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The complete state of a training run after {@link #step()} steps: named tensors (weights,
 * buffers, optimiser moments, EMA copies) and string metadata (RNG state, configuration, loss
 * history). Each {@link Stateful} part of a trainer writes its own entries under its own names;
 * {@link CheckpointStore} puts the whole thing in one safetensors file.
 */
public final class Checkpoint {

  private final long step;
  private final Map<String, INDArray> tensors;
  private final Map<String, String> metadata;

  private Checkpoint(long step, Map<String, INDArray> tensors, Map<String, String> metadata) {
    this.step = step;
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  public static Builder builder(long step) {
    return new Builder(step);
  }

  /** The number of training steps completed when the checkpoint was taken. */
  public long step() {
    return step;
  }

  public Set<String> tensorNames() {
    return tensors.keySet();
  }

  public boolean hasTensor(String name) {
    return tensors.containsKey(name);
  }

  /**
   * Tensor {@code name}; a missing one is an error naming it, since a resume would not be exact.
   */
  public INDArray tensor(String name) {
    INDArray value = tensors.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "checkpoint at step " + step + " has no tensor '" + name + "'");
    }
    return value;
  }

  public Map<String, INDArray> tensors() {
    return tensors;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public Optional<String> findMetadata(String key) {
    return Optional.ofNullable(metadata.get(key));
  }

  /** Metadata entry {@code key}; a missing one is an error naming it. */
  public String metadata(String key) {
    String value = metadata.get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "checkpoint at step " + step + " has no metadata entry '" + key + "'");
    }
    return value;
  }

  /** Collects the entries of a checkpoint; a name used twice is an error (two parts collide). */
  public static final class Builder {
    private final long step;
    private final Map<String, INDArray> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder(long step) {
      Preconditions.checkArgument(step >= 0, "step must be >= 0, got %s", step);
      this.step = step;
    }

    public long step() {
      return step;
    }

    /** Adds a tensor; it is stored as it is when the checkpoint is written, so pass a copy. */
    public Builder tensor(String name, INDArray value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      Preconditions.checkArgument(
          tensors.putIfAbsent(name, value) == null, "checkpoint tensor '%s' added twice", name);
      return this;
    }

    public Builder metadata(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      Preconditions.checkArgument(
          metadata.putIfAbsent(key, value) == null, "checkpoint metadata '%s' added twice", key);
      return this;
    }

    public Checkpoint build() {
      return new Checkpoint(step, tensors, metadata);
    }
  }
}

package io.gpunit.models.training.checkpoint;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Saves and restores a trainer's {@link Stateful} parts through one {@link CheckpointStore}, with
 * the run's configuration in the metadata ({@code gpunit.config}). Restoring into a trainer built
 * with a different configuration is refused: the resumed run would not be the one that was
 * interrupted.
 */
public final class Checkpointer {

  static final String CONFIG_KEY = "gpunit.config";

  private final CheckpointStore store;
  private final String config;
  private final List<Stateful> parts;

  private Checkpointer(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store");
    this.config = Objects.requireNonNull(b.config, "config");
    Preconditions.checkArgument(!b.parts.isEmpty(), "a checkpointer needs at least one part");
    this.parts = List.copyOf(b.parts);
  }

  public static Builder builder() {
    return new Builder();
  }

  public CheckpointStore store() {
    return store;
  }

  /** The checkpoint of every part after {@code step} steps. */
  public Checkpoint capture(long step) {
    Checkpoint.Builder b = Checkpoint.builder(step);
    b.metadata(CONFIG_KEY, config);
    parts.forEach(p -> p.saveTo(b));
    return b.build();
  }

  /** Captures and writes the checkpoint after {@code step} steps. */
  public void save(long step) {
    store.save(capture(step));
  }

  /** Restores every part from the stored checkpoint and returns its step. */
  public long restore() {
    Checkpoint checkpoint = store.load();
    String stored = checkpoint.metadata(CONFIG_KEY);
    if (!ConfigJson.same(stored, config)) {
      throw new IllegalStateException(
          "checkpoint "
              + store.file()
              + " was written with a different configuration; resuming "
              + "would not continue the same run.\n  checkpoint: "
              + stored
              + "\n  this run:   "
              + config);
    }
    parts.forEach(p -> p.loadFrom(checkpoint));
    return checkpoint.step();
  }

  public static final class Builder {
    private CheckpointStore store;
    private String config = "{}";
    private final List<Stateful> parts = new ArrayList<>();

    private Builder() {}

    public Builder store(CheckpointStore store) {
      this.store = store;
      return this;
    }

    /** The run's configuration (JSON), stored and compared on resume. */
    public Builder config(String configJson) {
      this.config = configJson;
      return this;
    }

    public Builder part(Stateful part) {
      parts.add(Objects.requireNonNull(part, "part"));
      return this;
    }

    public Builder parts(List<? extends Stateful> parts) {
      parts.forEach(this::part);
      return this;
    }

    public Checkpointer build() {
      return new Checkpointer(this);
    }
  }
}

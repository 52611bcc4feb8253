package io.gpunit.models.training;

import io.gpunit.models.training.data.UnpairedBatches;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every translation trainer is built from: its configuration, the unpaired data, the
 * checkpoint file and, optionally, the domains text of its model file. A trainer's builder extends
 * this with whatever else it takes (GP-UNIT: the content encoder).
 *
 * @param <C> the trainer's configuration record
 * @param <B> the builder itself
 */
public abstract class TrainerBuilder<C, B extends TrainerBuilder<C, B>> {
  private C config;
  private UnpairedBatches data;
  private Path checkpoint;
  private String domains;

  protected TrainerBuilder() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  public B config(C value) {
    this.config = value;
    return self();
  }

  /** Unpaired batches of domains A and B. */
  public B data(UnpairedBatches value) {
    this.data = value;
    return self();
  }

  /** The checkpoint file (written by the loop, read by {@code resume()}). */
  public B checkpoint(Path file) {
    this.checkpoint = file;
    return self();
  }

  /** The {@code ModelFile.DOMAINS} text of saved models (default: the data's description). */
  public B domains(String text) {
    this.domains = text;
    return self();
  }

  /** The configuration (required). */
  public C config() {
    return Objects.requireNonNull(config, "config");
  }

  /** The data (required). */
  public UnpairedBatches data() {
    return Objects.requireNonNull(data, "data");
  }

  /** The checkpoint file (required). */
  public Path checkpoint() {
    return Objects.requireNonNull(checkpoint, "checkpoint");
  }

  /** The domains text, or null for the data's description. */
  public String domains() {
    return domains;
  }
}

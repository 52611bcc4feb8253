package io.gpunit.models.baselines;

import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.objective.Objective;
import io.gpunit.models.training.TrainingRun;
import io.gpunit.models.training.checkpoint.ConfigJson;
import io.gpunit.models.training.data.UnpairedBatches;
import io.gpunit.models.training.optim.AdamConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * What UNIT and MUNIT train on: their {@link AlternatingUpdates} (built here from the two
 * objectives, each on a fresh graph) and the {@link TrainingRun} that checkpoints them (every
 * variable and both optimisers).
 *
 * @param updates the generators' and discriminators' alternating Adam updates
 * @param discriminatorGraph the discriminator update's graph, whose forward pass computes the
 *     translations with the current weights
 * @param run data, randomness, history, checkpoint and model export
 */
public record TwoDomainRun(
    AlternatingUpdates updates, SameDiff discriminatorGraph, TrainingRun run) {

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TwoDomainRun}; data, checkpoint, training and objectives are required. */
  public static final class Builder {
    private UnpairedBatches data;
    private Path checkpoint;
    private String domains;
    private Record config;
    private int batchSize;
    private AdamConfig adam;
    private long seed;
    private Function<Scope, Objective> generators;
    private Function<Scope, Objective> discriminators;

    private Builder() {}

    public Builder data(UnpairedBatches value) {
      this.data = value;
      return this;
    }

    public Builder checkpoint(Path file) {
      this.checkpoint = file;
      return this;
    }

    /** The model file's domains text (default: the data's description). */
    public Builder domains(String text) {
      this.domains = text;
      return this;
    }

    /**
     * The trainer's configuration record (stored as JSON in every checkpoint), the batch size per
     * domain, the optimiser settings of both updates and the seed of every random draw.
     */
    public Builder training(Record config, int batchSize, AdamConfig adam, long seed) {
      this.config = config;
      this.batchSize = batchSize;
      this.adam = adam;
      this.seed = seed;
      return this;
    }

    /**
     * The two objectives, each built on the root scope of a fresh graph: the generators' (G
     * parameters under {@code gen_*}) and the discriminators' ({@code dis_*}).
     */
    public Builder objectives(
        Function<Scope, Objective> generators, Function<Scope, Objective> discriminators) {
      this.generators = generators;
      this.discriminators = discriminators;
      return this;
    }

    public TwoDomainRun build() {
      Objects.requireNonNull(config, "config (call training)");
      Objects.requireNonNull(generators, "generator objective");
      Objects.requireNonNull(discriminators, "discriminator objective");
      Scope genRoot = Scope.root(SameDiff.create(), Mode.TRAINING, seed);
      Scope disRoot = Scope.root(SameDiff.create(), Mode.TRAINING, seed);
      AlternatingUpdates updates =
          AlternatingUpdates.builder()
              .generators(genRoot, generators.apply(genRoot))
              .discriminators(disRoot, discriminators.apply(disRoot))
              .adam(Objects.requireNonNull(adam, "adam (call training)"))
              .seed(seed)
              .build();
      TrainingRun run =
          TrainingRun.builder()
              .config(ConfigJson.of(config), seed)
              .checkpoint(checkpoint)
              .data(data, batchSize)
              .domains(domains)
              .parts(updates.checkpointParts())
              .afterRestore(updates::synchronise)
              .build();
      return new TwoDomainRun(updates, disRoot.sd(), run);
    }
  }
}

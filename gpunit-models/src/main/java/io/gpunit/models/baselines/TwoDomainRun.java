package io.gpunit.models.baselines;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.losses.objective.Objective;
import io.gpunit.models.ModelFile;
import io.gpunit.models.training.AdamConfig;
import io.gpunit.models.training.CheckpointStore;
import io.gpunit.models.training.Checkpointer;
import io.gpunit.models.training.ConfigJson;
import io.gpunit.models.training.LossHistory;
import io.gpunit.models.training.TrainingLoop;
import io.gpunit.models.training.TrainingRandom;
import io.gpunit.models.training.TrainingSchedule;
import io.gpunit.models.training.TrainingStep;
import io.gpunit.models.training.UnpairedBatches;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The run state the UNIT and MUNIT trainers share: their {@link AlternatingUpdates} (built here
 * from the two objectives), the unpaired data, per-step randomness, the loss history and the
 * checkpoint (every variable, both optimisers, history, random state; the configuration JSON is
 * compared on resume), and the model file they export.
 */
public final class TwoDomainRun {

  private final UnpairedBatches data;
  private final int batchSize;
  private final AlternatingUpdates updates;
  private final SameDiff discriminatorGraph;
  private final TrainingRandom random;
  private final LossHistory history = new LossHistory();
  private final Checkpointer checkpointer;

  private TwoDomainRun(Builder b) {
    this.data = Objects.requireNonNull(b.data, "data");
    Objects.requireNonNull(b.config, "config (call training)");
    Objects.requireNonNull(b.adam, "adam (call training)");
    Objects.requireNonNull(b.generators, "generator objective");
    Objects.requireNonNull(b.discriminators, "discriminator objective");
    Preconditions.checkArgument(
        b.batchSize > 0, "batch size must be positive, got %s", b.batchSize);
    this.batchSize = b.batchSize;
    Scope genRoot = Scope.root(SameDiff.create(), Mode.TRAINING, b.seed);
    Scope disRoot = Scope.root(SameDiff.create(), Mode.TRAINING, b.seed);
    this.discriminatorGraph = disRoot.sd();
    this.updates =
        AlternatingUpdates.builder()
            .generators(genRoot, b.generators.apply(genRoot))
            .discriminators(disRoot, b.discriminators.apply(disRoot))
            .adam(b.adam)
            .seed(b.seed)
            .build();
    this.random = new TrainingRandom(b.seed);
    this.checkpointer =
        Checkpointer.builder()
            .store(new CheckpointStore(Objects.requireNonNull(b.checkpoint, "checkpoint")))
            .config(
                ConfigJson.of(b.config)
                    .with("data", data.toString())
                    .with("imageSize", data.imageSize())
                    .json())
            .parts(updates.checkpointParts())
            .part(history)
            .part(random)
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The generators' and discriminators' alternating Adam updates. */
  public AlternatingUpdates updates() {
    return updates;
  }

  /**
   * The discriminator update's graph, whose forward pass computes the translations with the current
   * weights.
   */
  public SameDiff discriminatorGraph() {
    return discriminatorGraph;
  }

  public LossHistory history() {
    return history;
  }

  public Checkpointer checkpointer() {
    return checkpointer;
  }

  public int imageSize() {
    return data.imageSize();
  }

  /** Step {@code step}'s batch (FLOAT), checked against the batch size and image size. */
  public TwoDomainBatch batch(long step) {
    TwoDomainBatch batch = data.batch(batchSize, random.forStep(step, "data"));
    int s = data.imageSize();
    long[] expected = {batchSize, 3, s, s};
    Preconditions.checkState(
        java.util.Arrays.equals(batch.a().shape(), expected)
            && java.util.Arrays.equals(batch.b().shape(), expected),
        "the batch source returned %s and %s, expected %s each",
        java.util.Arrays.toString(batch.a().shape()),
        java.util.Arrays.toString(batch.b().shape()),
        java.util.Arrays.toString(expected));
    return new TwoDomainBatch(batch.a().castTo(DataType.FLOAT), batch.b().castTo(DataType.FLOAT));
  }

  /** The generator for {@code purpose} in step {@code step}, the same on a resumed run. */
  public SplitMix64 random(long step, String purpose) {
    return random.forStep(step, purpose);
  }

  /** Restores the stored checkpoint into both graphs; returns the step to continue from. */
  public long resume() {
    long step = checkpointer.restore();
    updates.synchronise();
    return step;
  }

  /** A loop over {@code step} with this run's history and checkpoints. */
  public TrainingLoop.Builder loop(TrainingStep step, TrainingSchedule schedule) {
    return TrainingLoop.over(step, schedule, history, checkpointer);
  }

  /**
   * Writes {@code weights} as one safetensors file (temporary file, then atomic rename) with
   * metadata {@link ModelFile#ARCHITECTURE}, {@link ModelFile#IMAGE_SIZE} and {@link
   * ModelFile#DOMAINS} (the data source's description).
   */
  public void saveModel(Path file, String architecture, Map<String, INDArray> weights) {
    SafeTensors.writer()
        .metadata(ModelFile.ARCHITECTURE, architecture)
        .metadata(ModelFile.IMAGE_SIZE, Integer.toString(data.imageSize()))
        .metadata(ModelFile.DOMAINS, data.toString())
        .addAll(weights)
        .write(file);
  }

  /** Builds a {@link TwoDomainRun}; data, checkpoint, training and objectives are required. */
  public static final class Builder {
    private UnpairedBatches data;
    private Path checkpoint;
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
      return new TwoDomainRun(this);
    }
  }
}

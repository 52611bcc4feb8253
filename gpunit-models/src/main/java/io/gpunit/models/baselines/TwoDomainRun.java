package io.gpunit.models.baselines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Preconditions;
import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.models.ModelFile;
import io.gpunit.models.training.CheckpointStore;
import io.gpunit.models.training.Checkpointer;
import io.gpunit.models.training.LossHistory;
import io.gpunit.models.training.SplitMix64;
import io.gpunit.models.training.TrainingLoop;
import io.gpunit.models.training.TrainingRandom;
import io.gpunit.models.training.TrainingSchedule;
import io.gpunit.models.training.TrainingStep;
import io.gpunit.models.training.UnpairedBatches;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The run state the UNIT and MUNIT trainers share around their {@link AlternatingUpdates}: the
 * unpaired data, per-step randomness, the loss history and the checkpoint (every variable, both
 * optimisers, history, random state; the configuration JSON is compared on resume), and the model
 * file they export.
 */
public final class TwoDomainRun {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final UnpairedBatches data;
  private final int batchSize;
  private final AlternatingUpdates updates;
  private final TrainingRandom random;
  private final LossHistory history = new LossHistory();
  private final Checkpointer checkpointer;

  /**
   * @param config the trainer's configuration record, stored as JSON in every checkpoint
   */
  public TwoDomainRun(
      UnpairedBatches data,
      int batchSize,
      AlternatingUpdates updates,
      long seed,
      Record config,
      Path checkpoint) {
    this.data = Objects.requireNonNull(data, "data");
    this.batchSize = batchSize;
    this.updates = Objects.requireNonNull(updates, "updates");
    this.random = new TrainingRandom(seed);
    this.checkpointer =
        Checkpointer.builder()
            .store(new CheckpointStore(Objects.requireNonNull(checkpoint, "checkpoint")))
            .config(configJson(config))
            .parts(updates.checkpointParts())
            .part(history)
            .part(random)
            .build();
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
    return TrainingLoop.builder()
        .step(step)
        .schedule(schedule)
        .history(history)
        .checkpointer(checkpointer);
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

  private String configJson(Record config) {
    ObjectNode node = JSON.valueToTree(config);
    node.put("data", data.toString());
    node.put("imageSize", data.imageSize());
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

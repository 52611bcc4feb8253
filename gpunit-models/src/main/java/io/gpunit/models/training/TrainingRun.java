package io.gpunit.models.training;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.image.ImageGrid;
import io.gpunit.core.image.Images;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsWriter;
import io.gpunit.models.ModelFile;
import io.gpunit.models.training.checkpoint.CheckpointStore;
import io.gpunit.models.training.checkpoint.Checkpointer;
import io.gpunit.models.training.checkpoint.ConfigJson;
import io.gpunit.models.training.checkpoint.Stateful;
import io.gpunit.models.training.data.UnpairedBatches;
import io.gpunit.models.training.loop.LossHistory;
import io.gpunit.models.training.loop.SampleGridListener;
import io.gpunit.models.training.loop.TrainingLoop;
import io.gpunit.models.training.loop.TrainingSchedule;
import io.gpunit.models.training.loop.TrainingStep;
import io.gpunit.models.training.random.TrainingRandom;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What every trainer's run has besides its networks and losses (imaginaire's {@code BaseTrainer}):
 * the data with its batch-shape check, the per-step randomness, the loss history, the checkpoint of
 * the trainer's {@link Stateful} parts (plus history and randomness; the configuration JSON is
 * compared on resume), {@link #resume()}, the loop, the latest step's visuals for previews and the
 * model file export. A trainer composes one and keeps only its networks, objectives and feeds.
 */
public final class TrainingRun {

  private final UnpairedBatches data;
  private final int batchSize;
  private final int imageSize;
  private final String domains;
  private final TrainingRandom random;
  private final LossHistory history = new LossHistory();
  private final Checkpointer checkpointer;
  private final Runnable afterRestore;
  private Map<String, INDArray> visuals = Map.of();

  private TrainingRun(Builder b) {
    Objects.requireNonNull(b.config, "config");
    Objects.requireNonNull(b.checkpoint, "checkpoint");
    Preconditions.checkArgument(
        b.batchSize > 0, "batch size must be positive, got %s", b.batchSize);
    this.data = b.data;
    this.batchSize = b.batchSize;
    this.imageSize = b.data != null ? b.data.imageSize() : b.imageSize;
    Preconditions.checkArgument(imageSize > 0, "no image size: give data or imageSize");
    this.domains = b.domains != null ? b.domains : String.valueOf(b.data);
    this.random = new TrainingRandom(b.seed);
    this.afterRestore = b.afterRestore;
    if (data != null) {
      b.config.with("data", data.toString());
    }
    b.config.with("imageSize", imageSize);
    this.checkpointer =
        Checkpointer.builder()
            .store(new CheckpointStore(b.checkpoint))
            .config(b.config.json())
            .parts(b.parts)
            .part(history)
            .part(random)
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public LossHistory history() {
    return history;
  }

  public Checkpointer checkpointer() {
    return checkpointer;
  }

  /** The unpaired data (only for runs built with {@link Builder#data}). */
  public UnpairedBatches data() {
    Preconditions.checkState(data != null, "this run draws its own batches");
    return data;
  }

  /** Step {@code step}'s batch (FLOAT), checked to be [B, 3, S, S] in both domains. */
  public TwoDomainBatch batch(long step) {
    TwoDomainBatch batch = data().batch(batchSize, random.forStep(step, "data"));
    long[] expected = {batchSize, 3, imageSize, imageSize};
    Preconditions.checkState(
        Arrays.equals(batch.a().shape(), expected) && Arrays.equals(batch.b().shape(), expected),
        "the batch source returned %s and %s, expected %s for both domains",
        Arrays.toString(batch.a().shape()),
        Arrays.toString(batch.b().shape()),
        Arrays.toString(expected));
    return new TwoDomainBatch(batch.a().castTo(DataType.FLOAT), batch.b().castTo(DataType.FLOAT));
  }

  /** The generator for {@code purpose} in step {@code step}, the same on a resumed run. */
  public SplitMix64 random(long step, String purpose) {
    return random.forStep(step, purpose);
  }

  /**
   * Restores the stored checkpoint, then the trainer's after-restore hook; the step to go on at.
   */
  public long resume() {
    long step = checkpointer.restore();
    afterRestore.run();
    return step;
  }

  /** A loop over {@code step} with this run's history and checkpoints. */
  public TrainingLoop.Builder loop(TrainingStep step, TrainingSchedule schedule) {
    return TrainingLoop.over(step, schedule, history, checkpointer);
  }

  /** Keeps the latest step's images (name → [B, 3, S, S]) for {@link #previewListener}. */
  public void show(Map<String, INDArray> images) {
    visuals = Map.copyOf(images);
  }

  /**
   * A listener writing the latest step's visuals to {@code directory}: one row per sample (up to
   * 4), one column per name of {@code columns} (pytorch-CycleGAN's {@code visual_names}).
   */
  public SampleGridListener previewListener(Path directory, List<String> columns) {
    return new SampleGridListener(
        directory, ImageGrid.builder().margin(2).build(), step -> previewRows(columns));
  }

  private List<List<BufferedImage>> previewRows(List<String> columns) {
    Preconditions.checkState(!visuals.isEmpty(), "no step has run yet: nothing to preview");
    int n = (int) Math.min(visuals.get(columns.get(0)).size(0), 4);
    List<List<BufferedImage>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<BufferedImage> row = new ArrayList<>();
      for (String name : columns) {
        INDArray images = Objects.requireNonNull(visuals.get(name), name);
        row.addAll(Images.toImages(images.get(NDArrayIndex.interval(i, i + 1))));
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * Writes a model file (safetensors, atomically: temporary file, then rename) with {@code weights}
   * and the metadata {@link ModelFile#ARCHITECTURE}, {@link ModelFile#IMAGE_SIZE}, {@link
   * ModelFile#DOMAINS} and the trainer's {@code metadata}.
   */
  public void saveModel(
      Path file, String architecture, Map<String, INDArray> weights, Map<String, String> metadata) {
    SafeTensorsWriter writer =
        SafeTensors.writer()
            .metadata(ModelFile.ARCHITECTURE, architecture)
            .metadata(ModelFile.IMAGE_SIZE, Integer.toString(imageSize))
            .metadata(ModelFile.DOMAINS, domains);
    metadata.forEach(writer::metadata);
    writer.addAll(weights).write(file);
  }

  /** Builds a {@link TrainingRun}; config and checkpoint are required, and data or image size. */
  public static final class Builder {
    private ConfigJson config;
    private Path checkpoint;
    private UnpairedBatches data;
    private int batchSize;
    private int imageSize;
    private String domains;
    private long seed;
    private final List<Stateful> parts = new ArrayList<>();
    private Runnable afterRestore = () -> {};

    private Builder() {}

    /**
     * The trainer's configuration (stored as JSON in every checkpoint, with the data's description
     * and image size added), and the seed of every random draw.
     */
    public Builder config(ConfigJson config, long seed) {
      this.config = config;
      this.seed = seed;
      return this;
    }

    /** The checkpoint file (written by the loop, read by {@link #resume()}). */
    public Builder checkpoint(Path file) {
      this.checkpoint = file;
      return this;
    }

    /** Unpaired batches of {@code batchSize} images per domain. */
    public Builder data(UnpairedBatches data, int batchSize) {
      this.data = Objects.requireNonNull(data, "data");
      this.batchSize = batchSize;
      return this;
    }

    /** For a run that draws its own batches (stage 1): their size and image size. */
    public Builder ownBatches(int batchSize, int imageSize) {
      this.batchSize = batchSize;
      this.imageSize = imageSize;
      return this;
    }

    /** The {@link ModelFile#DOMAINS} text of saved models (default: the data's description). */
    public Builder domains(String text) {
      this.domains = text;
      return this;
    }

    /** What the checkpoint holds besides history and randomness (variables, optimisers, ...). */
    public Builder part(Stateful part) {
      parts.add(Objects.requireNonNull(part, "part"));
      return this;
    }

    public Builder parts(List<? extends Stateful> more) {
      more.forEach(this::part);
      return this;
    }

    /**
     * Runs after a checkpoint is restored, e.g. to copy weights into the trainer's other graphs.
     */
    public Builder afterRestore(Runnable hook) {
      this.afterRestore = Objects.requireNonNull(hook, "hook");
      return this;
    }

    public TrainingRun build() {
      return new TrainingRun(this);
    }
  }
}

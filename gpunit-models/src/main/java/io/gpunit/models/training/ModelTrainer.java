package io.gpunit.models.training;

import io.gpunit.models.training.loop.LossHistory;
import io.gpunit.models.training.loop.TrainingLoop;
import io.gpunit.models.training.loop.TrainingSchedule;
import io.gpunit.models.training.loop.TrainingStep;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainer whose result is a translation model file (GP-UNIT stage 2, UNIT, CycleGAN, MUNIT): what
 * the demo, {@code gpunit train} and the side-by-side comparison drive without knowing which. A
 * trainer supplies its step, its {@link TrainingRun} and its model's weights; history, resume, the
 * loop and the model file come from the run.
 */
public interface ModelTrainer extends TrainingStep {

  /** The run state: data, randomness, history, checkpoint. */
  TrainingRun trainingRun();

  /** The model file's {@code io.gpunit.models.ModelFile#ARCHITECTURE}. */
  String architecture();

  /**
   * The trained A → B model's tensors under the names {@code TranslationNetworks.load} reads (after
   * {@link #finish()}).
   */
  Map<String, INDArray> modelWeights();

  /** Metadata the model file needs beyond architecture, image size and domains. */
  default Map<String, String> modelMetadata() {
    return Map.of();
  }

  /** The loss terms recorded so far (a checkpoint part). */
  default LossHistory history() {
    return trainingRun().history();
  }

  /** Restores the checkpoint, if any, and returns the number of steps it had completed (or 0). */
  default long resume() {
    return trainingRun().resume();
  }

  /** A loop over this trainer with its history and checkpointer wired in. */
  default TrainingLoop.Builder loop(TrainingSchedule schedule) {
    return trainingRun().loop(this, schedule);
  }

  /**
   * What the model needs after the last step and before {@link #saveModel} (GP-UNIT fits its style
   * sampler); nothing by default.
   */
  default void finish() {}

  /**
   * Writes the trained A → B model, loadable by {@code TranslationNetworks.load} and {@code
   * Translator}, atomically (temporary file, then rename).
   */
  default void saveModel(Path file) {
    trainingRun().saveModel(file, architecture(), modelWeights(), modelMetadata());
  }
}

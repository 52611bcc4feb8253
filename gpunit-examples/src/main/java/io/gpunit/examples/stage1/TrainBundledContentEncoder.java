package io.gpunit.examples.stage1;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPairs;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.examples.training.TrainingRuns;
import io.gpunit.models.evaluation.Correspondence;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.stage1.PairBatchSource;
import io.gpunit.models.gpunit.stage1.PriorDistillationTrainer;
import io.gpunit.models.gpunit.stage1.PriorDistillationTrainerConfig;
import io.gpunit.models.training.checkpoint.CheckpointStore;
import io.gpunit.models.training.loop.TrainingListener;
import io.gpunit.models.training.loop.TrainingLoop;
import io.gpunit.models.training.loop.TrainingSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Remakes the stage-1 content encoder that ships in {@code gpunit-models} ({@link
 * ContentEncoderFile#bundled()}): GP-UNIT stage 1 on every class of the synthetic prior at 64²,
 * widths 8, code 8² (R 256), 4 pairs a step, seed 1, the official losses and Adam. It runs in
 * {@code RUN_DIR} and resumes from its checkpoint (Ctrl-C or SIGTERM checkpoints and stops), keeps
 * the training time across runs in {@code RUN_DIR/seconds.txt}, and writes the encoder with its
 * provenance (recipe, steps, seconds, held-out correspondence) in the metadata.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp gpunit-examples/target/gpunit.jar \
 *     io.gpunit.examples.stage1.TrainBundledContentEncoder stage1-run 20000 \
 *     gpunit-models/src/main/resources/io/gpunit/models/gpunit/content-encoder-synthetic.safetensors
 * </pre>
 */
public final class TrainBundledContentEncoder {

  /** What the metadata says of the training. */
  static final String RECIPE =
      "GP-UNIT stage 1 (PriorDistillationTrainer) on every class of the synthetic prior at 64²,"
          + " nf 8, code 8 (R 256), 4 pairs a step, Adam lr 2e-4 betas (0.9, 0.999), seed 1;"
          + " io.gpunit.examples.stage1.TrainBundledContentEncoder";

  private static final SyntheticPrior PRIOR = SyntheticPrior.builder().size(64).build();

  private TrainBundledContentEncoder() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: TrainBundledContentEncoder RUN_DIR STEPS OUT.safetensors");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    long steps = Long.parseLong(args[1]);
    PriorDistillationTrainer trainer =
        PriorDistillationTrainer.builder()
            .config(
                PriorDistillationTrainerConfig.builder()
                    .nf(8)
                    .codeSize(8)
                    .batchSize(4)
                    .lr(2e-4)
                    .seed(1)
                    .build())
            .data(PairBatchSource.synthetic(PRIOR))
            .checkpoint(dir.resolve("checkpoint.safetensors"))
            .build();
    boolean resume = Files.exists(dir.resolve("checkpoint.safetensors"));
    long start = resume ? trainer.resume() : 0;
    Path secondsFile = dir.resolve("seconds.txt");
    double before =
        Files.exists(secondsFile) ? Double.parseDouble(Files.readString(secondsFile)) : 0;
    long began = System.nanoTime();
    Path out = Path.of(args[2]);
    // Written at every checkpoint, so that a stop (whose checkpoint the loop writes while the JVM
    // shuts down) leaves the file in step with the checkpoint.
    TrainingListener bundle =
        new TrainingListener() {
          @Override
          public void onCheckpoint(long step, CheckpointStore store) {
            write(trainer, step, before + (System.nanoTime() - began) / 1e9, secondsFile, out);
          }
        };
    TrainingLoop.Outcome outcome =
        TrainingRuns.run(
            "stage 1",
            trainer.loop(new TrainingSchedule(steps, 250, 250)).listener(bundle),
            trainer.history(),
            dir.resolve("losses.png"),
            true,
            start);
    if (outcome.steps() == start) {
      // No step ran, so no checkpoint wrote the file.
      write(trainer, start, before, secondsFile, out);
    }
  }

  /** Writes the encoder with its provenance to {@code out} and the training time so far. */
  private static void write(
      PriorDistillationTrainer trainer, long steps, double seconds, Path secondsFile, Path out) {
    Correspondence c = heldOutCorrespondence(trainer);
    String correspondence =
        String.format(
            Locale.ROOT,
            "32 held-out pairs (CAT/CAR seed 424242, DOG/BIRD seed 171717): paired %.4f, unpaired"
                + " %.4f, ratio %.4f, retrieval %.3f",
            c.paired(),
            c.unpaired(),
            c.ratio(),
            c.retrieval());
    String time = String.format(Locale.ROOT, "%.0f", seconds);
    try {
      Files.writeString(secondsFile, time);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    trainer
        .contentEncoder()
        .write(
            out,
            Map.of(
                ContentEncoderFile.TRAINING, RECIPE,
                ContentEncoderFile.STEPS, Long.toString(steps),
                ContentEncoderFile.SECONDS, time,
                ContentEncoderFile.CORRESPONDENCE, correspondence));
    System.out.printf(
        Locale.ROOT,
        "%n%d steps, %s s of training; %s; wrote %s%n",
        steps,
        time,
        correspondence,
        out);
  }

  /** How close the codes of corresponding renders are, on pairs no step trained on. */
  static Correspondence heldOutCorrespondence(PriorDistillationTrainer trainer) {
    SyntheticPairs catCar =
        PRIOR.pairs(16, SyntheticClass.CAT, SyntheticClass.CAR, new Random(424242));
    SyntheticPairs dogBird =
        PRIOR.pairs(16, SyntheticClass.DOG, SyntheticClass.BIRD, new Random(171717));
    INDArray a = Nd4j.concat(0, catCar.a(), dogBird.a());
    INDArray b = Nd4j.concat(0, catCar.b(), dogBird.b());
    return Correspondence.of(trainer.contentCode(a), trainer.contentCode(b));
  }
}

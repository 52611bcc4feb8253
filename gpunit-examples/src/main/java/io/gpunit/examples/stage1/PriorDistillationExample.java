package io.gpunit.examples.stage1;

import io.gpunit.core.data.Augmentation;
import io.gpunit.core.data.MaskedPairFolders;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.models.evaluation.Correspondence;
import io.gpunit.models.gpunit.stage1.PairBatchSource;
import io.gpunit.models.gpunit.stage1.PriorDistillationTrainer;
import io.gpunit.models.gpunit.stage1.PriorDistillationTrainerConfig;
import io.gpunit.models.training.checkpoint.CheckpointStore;
import io.gpunit.models.training.loop.LossCurveListener;
import io.gpunit.models.training.loop.LossCurvePlot;
import io.gpunit.models.training.loop.ProgressBarListener;
import io.gpunit.models.training.loop.StopSignal;
import io.gpunit.models.training.loop.TrainingListener;
import io.gpunit.models.training.loop.TrainingLoop;
import io.gpunit.models.training.loop.TrainingSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * GP-UNIT stage 1 (prior distillation) on the synthetic prior, as a program: it trains the content
 * encoder on same-latent pairs of two classes and reports, on 32 held-out pairs, how much closer
 * the content codes of corresponding pairs are than those of other pairs (ratio below 1 = closer;
 * retrieval = how often a code's nearest neighbour is its own pair), before training and at every
 * checkpoint ({@code -Dgpunit.every=N} steps, a third of the run by default). Ctrl-C stops after
 * the current step with a checkpoint; {@code -Dgpunit.resume=true} continues from it. Writes the
 * checkpoint, sample grids, {@code losses.png} and {@code content_encoder.safetensors} (at every
 * checkpoint).
 *
 * <p>{@code -Dgpunit.pairs=ROOT} trains on real pairs instead: {@code ROOT/Train/<class>/*.jpg}
 * with masks in {@code ROOT_mask/Train}, the official synImageNet291 layout (images of one name in
 * different classes come from one latent); the held-out report then is skipped, as it needs the
 * prior's ground truth.
 *
 * <pre>
 * mvn -B -q -pl gpunit-examples -am package -DskipTests
 * java -Dgpunit.steps=300 -Dgpunit.batch=2 -Dgpunit.nf=8 -Dgpunit.out=/tmp/stage1 \
 *     -cp gpunit-examples/target/gpunit.jar io.gpunit.examples.stage1.PriorDistillationExample
 * </pre>
 */
public final class PriorDistillationExample {

  private static final SyntheticPrior PRIOR = SyntheticPrior.builder().size(64).build();

  private PriorDistillationExample() {}

  public static void main(String[] args) {
    long steps = Long.getLong("gpunit.steps", 300);
    int batch = Integer.getInteger("gpunit.batch", 2);
    int nf = Integer.getInteger("gpunit.nf", 8);
    int code = Integer.getInteger("gpunit.code", 8);
    double lr = Double.parseDouble(System.getProperty("gpunit.lr", "2e-4"));
    Path out = Path.of(System.getProperty("gpunit.out", "prior-distillation-out"));
    long every = Long.getLong("gpunit.every", Math.max(1, steps / 3));
    String pairs = System.getProperty("gpunit.pairs");
    boolean synthetic = pairs == null;
    PriorDistillationTrainer trainer =
        PriorDistillationTrainer.builder()
            .config(
                PriorDistillationTrainerConfig.builder()
                    .nf(nf)
                    .codeSize(code)
                    .batchSize(batch)
                    .lr(lr)
                    .seed(1)
                    .build())
            .data(synthetic ? PairBatchSource.synthetic(PRIOR) : folders(pairs))
            .checkpoint(out.resolve("checkpoint.safetensors"))
            .build();
    long start = Boolean.getBoolean("gpunit.resume") ? trainer.resume() : 0;
    if (synthetic) {
      report(trainer, start);
    }
    try (StopSignal stop = StopSignal.onShutdown(Duration.ofMinutes(5))) {
      TrainingLoop.Outcome outcome =
          trainer
              .loop(new TrainingSchedule(steps, every, Math.max(1, every / 2)))
              .stopSignal(stop)
              .listener(ProgressBarListener.console("stage 1"))
              .listener(trainer.previewListener(out.resolve("samples")))
              .listener(
                  new LossCurveListener(
                      trainer.history(),
                      LossCurvePlot.builder().title("GP-UNIT stage 1 (synthetic prior)").build(),
                      out.resolve("losses.png")))
              .listener(
                  new TrainingListener() {
                    @Override
                    public void onCheckpoint(long step, CheckpointStore store) {
                      trainer.contentEncoder().write(out.resolve("content_encoder.safetensors"));
                      if (synthetic) {
                        report(trainer, step);
                      }
                    }
                  })
              .build()
              .run(start);
      System.out.println("finished " + outcome);
    }
    trainer.contentEncoder().write(out.resolve("content_encoder.safetensors"));
  }

  /** Real pairs at the prior's size, with the official 286/256 resize-then-crop margin. */
  private static PairBatchSource folders(String root) {
    int size = PRIOR.size();
    return PairBatchSource.folders(
        MaskedPairFolders.builder()
            .official(Path.of(root), "Train")
            .augmentation(Augmentation.builder().loadSize(size * 286 / 256).cropSize(size).build())
            .build());
  }

  private static void report(PriorDistillationTrainer trainer, long step) {
    Correspondence c = TrainBundledContentEncoder.heldOutCorrespondence(trainer);
    System.out.printf(
        Locale.ROOT,
        "%nstep %d: paired %.4f, unpaired %.4f, ratio %.4f, retrieval %.3f (32 held-out pairs)%n",
        step,
        c.paired(),
        c.unpaired(),
        c.ratio(),
        c.retrieval());
  }
}

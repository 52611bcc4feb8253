package io.gpunit.examples.training;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.models.evaluation.Evaluation;
import io.gpunit.models.evaluation.SyntheticJudge;
import io.gpunit.models.evaluation.ValidationSelection;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.stage1.PairBatchSource;
import io.gpunit.models.gpunit.stage1.PriorDistillationTrainer;
import io.gpunit.models.gpunit.stage1.PriorDistillationTrainerConfig;
import io.gpunit.models.training.ModelTrainer;
import io.gpunit.models.training.loop.LossCurveListener;
import io.gpunit.models.training.loop.LossCurvePlot;
import io.gpunit.models.training.loop.LossHistory;
import io.gpunit.models.training.loop.NativeMemoryGuard;
import io.gpunit.models.training.loop.ProgressBarListener;
import io.gpunit.models.training.loop.StopSignal;
import io.gpunit.models.training.loop.TrainingLoop;
import io.gpunit.models.training.loop.TrainingSchedule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the command line runs a training loop: a progress bar (optional), a loss-curve PNG refreshed
 * at every sample step and at the end, and Ctrl-C turned into "checkpoint the last step and stop".
 */
public final class TrainingRuns {

  /**
   * The seed of the renders model selection scores on: not the demo's held-out seed, and not one
   * training draws from.
   */
  public static final long VALIDATION_SEED = 777;

  /** Renders per validation, each translated with {@link #VALIDATION_SAMPLES} sampled styles. */
  public static final int VALIDATION_IMAGES = 32;

  /**
   * Sampled styles per validation render: 2, not the evaluation's 4, as a demo snapshot's scoring
   * took 12-16 s with 64 renders × 4 styles.
   */
  public static final int VALIDATION_SAMPLES = 2;

  private TrainingRuns() {}

  /** Samples and curves four times a run; checkpoints twice. */
  public static TrainingSchedule schedule(long steps) {
    return new TrainingSchedule(steps, Math.max(1, steps / 2), Math.max(1, steps / 4));
  }

  /**
   * Runs {@code loop} from step {@code start}; returns how it ended ({@link
   * TrainingLoop.Outcome#stopped()} after Ctrl-C, with a checkpoint of the last completed step).
   */
  public static TrainingLoop.Outcome run(
      String task,
      TrainingLoop.Builder loop,
      LossHistory history,
      Path curves,
      boolean progress,
      long start) {
    try (StopSignal stop = StopSignal.onShutdown(Duration.ofMinutes(2))) {
      loop.stopSignal(stop)
          .listener(
              new LossCurveListener(history, LossCurvePlot.builder().title(task).build(), curves))
          .listener(NativeMemoryGuard.forTraining());
      if (progress) {
        loop.listener(ProgressBarListener.console(task));
      }
      return loop.build().run(start);
    }
  }

  /**
   * Stage 2's content encoder: the {@linkplain ContentEncoderFile#bundled() bundled} one when
   * {@code steps} is 0, else GP-UNIT stage 1 on every class of {@code prior} for {@code steps}
   * steps (widths {@code nf}, {@code pairs} pairs a step, the official 8² code), its checkpoint in
   * {@code checkpoint} and loss curves in {@code curves}; says which on {@code log}.
   *
   * @throws IllegalStateException if stage 1 was stopped before the end
   */
  public static ContentEncoderFile contentEncoder(
      SyntheticPrior prior,
      int nf,
      int pairs,
      long seed,
      long steps,
      Path checkpoint,
      Path curves,
      boolean progress,
      PrintWriter log) {
    if (steps == 0) {
      Map<String, String> about = ContentEncoderFile.bundledMetadata();
      log.printf(
          "stage 1: the bundled content encoder (%s steps on every synthetic class; %s)%n",
          about.get(ContentEncoderFile.STEPS), about.get(ContentEncoderFile.CORRESPONDENCE));
      log.flush();
      return ContentEncoderFile.bundled();
    }
    log.printf(
        "stage 1: distilling a content encoder from same-latent pairs of %s (%d steps)%n",
        prior.classes(), steps);
    log.flush();
    PriorDistillationTrainer stage1 =
        PriorDistillationTrainer.builder()
            .config(
                PriorDistillationTrainerConfig.builder().nf(nf).batchSize(pairs).seed(seed).build())
            .data(PairBatchSource.synthetic(prior))
            .checkpoint(checkpoint)
            .build();
    String task = "GP-UNIT stage 1";
    requireFinished(
        task, run(task, stage1.loop(schedule(steps)), stage1.history(), curves, progress, 0));
    return stage1.contentEncoder();
  }

  /** Throws if {@code outcome} ended before its schedule did (Ctrl-C). */
  public static void requireFinished(String task, TrainingLoop.Outcome outcome) {
    if (outcome.stopped()) {
      throw new IllegalStateException(task + " was stopped at step " + outcome.steps());
    }
  }

  /**
   * Model selection for a trainer on two classes of the synthetic prior: after each of {@code
   * steps} (and at the end) the model is scored on {@value #VALIDATION_SEED}'s renders and the best
   * kept in {@code best}; each score goes to {@code log}.
   */
  public static ValidationSelection validationSelection(
      ModelTrainer trainer,
      SyntheticJudge judge,
      SyntheticClass source,
      SyntheticClass target,
      Path best,
      List<Long> steps,
      PrintWriter log) {
    Evaluation validation =
        Evaluation.builder()
            .imageSize(judge.imageSize())
            .classes(source, target)
            .seed(VALIDATION_SEED)
            .images(VALIDATION_IMAGES)
            .samplesPerContent(VALIDATION_SAMPLES)
            .judge(judge)
            .build();
    return new ValidationSelection(
        trainer,
        validation,
        best,
        steps,
        c -> {
          log.printf(
              Locale.ROOT,
              "%nvalidation (seed %d) at step %d: content IoU %.3f, domain accuracy %.3f (%.1f"
                  + " s)%n",
              VALIDATION_SEED,
              c.step(),
              c.result().contentIou(),
              c.result().domainAccuracy(),
              c.seconds());
          log.flush();
        });
  }

  /** Says which snapshot {@code selection} kept. */
  public static void reportSelection(ValidationSelection selection, PrintWriter log) {
    selection
        .best()
        .ifPresent(
            c ->
                log.printf(
                    Locale.ROOT,
                    "model selection: kept the snapshot of step %d, the best of %d on the"
                        + " validation seed %d (content IoU %.3f + domain accuracy %.3f)%n",
                    c.step(),
                    selection.scored().size(),
                    VALIDATION_SEED,
                    c.result().contentIou(),
                    c.result().domainAccuracy()));
    log.flush();
  }
}

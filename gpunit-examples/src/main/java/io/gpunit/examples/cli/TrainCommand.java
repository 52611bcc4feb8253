package io.gpunit.examples.cli;

import io.gpunit.core.data.Augmentation;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.examples.training.TrainingRuns;
import io.gpunit.models.ModelFile;
import io.gpunit.models.evaluation.SyntheticJudge;
import io.gpunit.models.evaluation.ValidationSelection;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.recipes.SmallTrainers;
import io.gpunit.models.training.ModelTrainer;
import io.gpunit.models.training.data.UnpairedBatches;
import io.gpunit.models.training.loop.TrainingLoop;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gpunit train}: one translator (GP-UNIT stage 2, UNIT, CycleGAN or MUNIT, at CPU widths)
 * from two image folders or two synthetic classes; resumable; writes the model file.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a translator from domain A to domain B: two folders (ROOT/train/A, ROOT/train/B) or"
          + " two classes of the synthetic prior. Writes OUT/model.safetensors, OUT/losses.png,"
          + " previews and a checkpoint; Ctrl-C checkpoints, --resume continues."
    })
final class TrainCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--arch",
      defaultValue = "gpunit",
      description = "gpunit, unit, cyclegan or munit (default gpunit)")
  private String architecture;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Data data;

  static final class Data {
    @Option(
        names = "--synthetic",
        split = ",",
        description = "two classes of the synthetic prior, e.g. CAT,CAR")
    List<SyntheticClass> synthetic;

    @Option(
        names = "--data",
        description = "root of the official layout ROOT/train/<domain>/*.jpg (with --domains)")
    Path root;
  }

  @Option(names = "--domains", split = ",", description = "the two folder names, e.g. cat,dog")
  private List<String> domains;

  @Option(names = "--size", defaultValue = "64", description = "image size (default 64)")
  private int size;

  @Option(names = "--steps", defaultValue = "200", description = "training steps (default 200)")
  private long steps;

  @Option(names = "--batch", defaultValue = "4", description = "images per domain (default 4)")
  private int batch;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default 1)")
  private long seed;

  @Option(names = "--out", defaultValue = "train-out", description = "output folder")
  private Path out;

  @Option(names = "--resume", description = "continue from OUT/checkpoint.safetensors")
  private boolean resume;

  @Option(
      names = "--content-encoder",
      description =
          "GP-UNIT: the stage-1 content encoder (content_encoder.safetensors or a model file);"
              + " without it stage 1 runs first on the synthetic prior")
  private Path contentEncoder;

  @Option(
      names = "--stage1-steps",
      defaultValue = "0",
      description =
          "GP-UNIT without --content-encoder: stage-1 steps to distil a new encoder on the"
              + " synthetic prior first (default 0: start from the bundled encoder)")
  private long stage1Steps;

  @Option(
      names = "--select-every",
      defaultValue = "0",
      description =
          "with --synthetic: score the model on a validation seed every N steps (and at the end)"
              + " and keep the best snapshot (default 0: keep the last)")
  private long selectEvery;

  @Option(names = "--no-progress", description = "no progress bars (for logs)")
  private boolean noProgress;

  @Option(names = "--verbose", description = "print stack traces of errors")
  private boolean verbose;

  @Override
  public Integer call() throws Exception {
    return BadInput.guard("train", spec.commandLine().getErr(), verbose, this::train);
  }

  private int train() throws Exception {
    if (steps < 1 || batch < 1 || selectEvery < 0) {
      throw new IllegalArgumentException("--steps and --batch must be >= 1, --select-every >= 0");
    }
    if (selectEvery > 0 && data.synthetic == null) {
      throw new IllegalArgumentException(
          "--select-every needs --synthetic: the validation judge knows the synthetic classes"
              + " only");
    }
    Files.createDirectories(out);
    PrintWriter log = spec.commandLine().getOut();
    SmallTrainers trainers =
        new SmallTrainers(
            batches(), batch, seed, out.resolve("checkpoint.safetensors"), describeDomains());
    ModelTrainer trainer =
        ModelFile.GPUNIT.equals(architecture)
            ? trainers.gpUnit(contentEncoder(log))
            : trainers.baseline(architecture);
    long start = resume ? trainer.resume() : 0;
    if (resume) {
      log.println("resuming at step " + start);
    }
    Path model = out.resolve("model.safetensors");
    TrainingLoop.Builder loop = trainer.loop(TrainingRuns.schedule(steps));
    ValidationSelection selection = null;
    if (selectEvery > 0) {
      selection =
          TrainingRuns.validationSelection(
              trainer,
              SyntheticJudge.forImageSize(size, out),
              data.synthetic.get(0),
              data.synthetic.get(1),
              model,
              ValidationSelection.every(selectEvery, steps),
              log);
      loop.listener(selection);
    }
    TrainingLoop.Outcome outcome =
        TrainingRuns.run(
            architecture, loop, trainer.history(), out.resolve("losses.png"), !noProgress, start);
    if (outcome.stopped()) {
      log.println(
          "stopped at step " + outcome.steps() + "; checkpoint written, --resume continues");
      return 0;
    }
    if (selection != null) {
      TrainingRuns.reportSelection(selection, log);
    } else {
      trainer.finish();
      trainer.saveModel(model);
    }
    log.println("trained " + outcome.steps() + " steps; wrote " + model);
    log.flush();
    return 0;
  }

  private UnpairedBatches batches() {
    if (data.synthetic != null) {
      if (data.synthetic.size() != 2) {
        throw new IllegalArgumentException(
            "--synthetic takes two classes, e.g. CAT,CAR; got " + data.synthetic);
      }
      SyntheticPrior prior = SyntheticPrior.builder().size(size).build();
      return UnpairedBatches.synthetic(prior, data.synthetic.get(0), data.synthetic.get(1));
    }
    if (domains == null || domains.size() != 2) {
      throw new IllegalArgumentException("--data needs --domains A,B (two folder names)");
    }
    Augmentation augmentation =
        Augmentation.builder().loadSize(size * 286 / 256).cropSize(size).build();
    return UnpairedBatches.folders(data.root, domains.get(0), domains.get(1), augmentation);
  }

  private String describeDomains() {
    return data.synthetic != null
        ? data.synthetic.get(0) + "->" + data.synthetic.get(1)
        : domains.get(0) + "->" + domains.get(1);
  }

  /**
   * The given encoder, else the bundled one or (with {@code --stage1-steps}) a new stage-1 run on
   * the synthetic prior's classes, saved as {@code content_encoder.safetensors} (with its
   * resolution, for a later {@code --content-encoder}).
   */
  private ContentEncoderFile contentEncoder(PrintWriter log) {
    if (contentEncoder != null) {
      if (!Files.isRegularFile(contentEncoder)) {
        throw new IllegalArgumentException(contentEncoder + ": no such file");
      }
      return ContentEncoderFile.read(contentEncoder);
    }
    ContentEncoderFile encoder =
        TrainingRuns.contentEncoder(
            SyntheticPrior.builder().size(size).build(),
            8,
            Math.max(1, batch / 2),
            seed,
            stage1Steps,
            out.resolve("stage1-checkpoint.safetensors"),
            out.resolve("stage1-losses.png"),
            !noProgress,
            log);
    encoder.write(out.resolve("content_encoder.safetensors"));
    return encoder;
  }
}

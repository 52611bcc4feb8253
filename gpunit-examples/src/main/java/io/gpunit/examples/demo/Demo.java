package io.gpunit.examples.demo;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.examples.training.TrainingRuns;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.models.TranslationNetworks;
import io.gpunit.models.evaluation.Evaluation;
import io.gpunit.models.evaluation.EvaluationReport;
import io.gpunit.models.evaluation.EvaluationResult;
import io.gpunit.models.evaluation.JudgeQuality;
import io.gpunit.models.evaluation.SyntheticJudge;
import io.gpunit.models.evaluation.ValidationSelection;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.stage2.GpUnitTrainer;
import io.gpunit.models.recipes.SmallTrainers;
import io.gpunit.models.training.data.UnpairedBatches;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The README's main job: GP-UNIT end to end on the built-in synthetic prior, no downloads. Stage 1
 * is task-independent and done once, as the official project ships its {@code content_encoder.pt}:
 * the demo starts from the {@linkplain ContentEncoderFile#bundled() bundled} encoder (distilled
 * from same-latent pairs of all the prior's classes), or distils a new one first with {@link
 * Config.Builder#stage1Steps} > 0. Stage 2 trains the translator from one class to another on
 * unpaired images with {@link SmallTrainers#gpUnitCpuRecipe() the CPU recipe}. At {@value
 * #SELECTION_POINTS} steps spread over its second half, the EMA model (style sampler fitted) is
 * scored on a validation seed ({@link TrainingRuns#validationSelection}) and the best snapshot is
 * kept, as GAN papers select by FID; then the model is drawn and scored on the held-out seed, which
 * selection never sees.
 *
 * <p>Writes to {@link Config#out()}:
 *
 * <pre>
 * model.safetensors          the trained model (gpunit translate, Translator.builder().load(...))
 * translations.png           held-out sources × (exemplar-guided, sampled-style) translations
 * stage2-losses.png          stage-2 loss curves (and stage1-losses.png when stage 1 runs)
 * samples/                   stage-2 previews during training
 * evaluation.json, .csv      content IoU, domain accuracy, diversity, KID, FID
 * checkpoints/               the stage-2 (and stage-1) checkpoints
 * </pre>
 */
public final class Demo {

  /** Where the held-out evaluation and the translation sheet draw their images from. */
  public static final long HELD_OUT_SEED = 20221;

  /** Snapshots model selection scores, spread over the second half of stage 2. */
  static final int SELECTION_POINTS = 3;

  /** The demo's sizes and budgets; the defaults fit about 5 minutes on 2 CPU cores. */
  public record Config(
      Path out,
      int size,
      SyntheticClass source,
      SyntheticClass target,
      long stage1Steps,
      long stage2Steps,
      int batchSize,
      int nf,
      int evaluationImages,
      long seed) {

    public Config {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(target, "target");
      Preconditions.checkArgument(
          source != target, "source and target must differ, both %s", source);
      Preconditions.checkArgument(
          size >= 64 && size % 32 == 0,
          "size must be a multiple of 32 and at least 64 (the content encoder has five stride-2"
              + " stages), got %s",
          size);
      Preconditions.checkArgument(
          stage1Steps >= 0 && stage2Steps >= 1,
          "stage 1 needs >= 0 steps (0: the bundled encoder), stage 2 at least one");
      Preconditions.checkArgument(batchSize >= 1, "batch size must be >= 1, got %s", batchSize);
      Preconditions.checkArgument(nf >= 4, "nf must be >= 4, got %s", nf);
      Preconditions.checkArgument(
          evaluationImages >= 9,
          "evaluation needs >= 9 images (6 contents and 3 exemplars of the sheet), got %s",
          evaluationImages);
    }

    public static Builder builder() {
      return new Builder();
    }

    /** Defaults: {@code demo-out/}, 64², CAT → CAR (the pair whose shapes differ most). */
    public static final class Builder {
      private Path out = Path.of("demo-out");
      private int size = 64;
      private SyntheticClass source = SyntheticClass.CAT;
      private SyntheticClass target = SyntheticClass.CAR;
      private long stage1Steps = 0;
      private long stage2Steps = 300;
      private int batchSize = 4;
      private int nf = 8;
      private int evaluationImages = 64;
      private long seed = 1;

      private Builder() {}

      public Builder out(Path v) {
        out = v;
        return this;
      }

      public Builder size(int v) {
        size = v;
        return this;
      }

      public Builder classes(SyntheticClass a, SyntheticClass b) {
        source = a;
        target = b;
        return this;
      }

      public Builder stage1Steps(long v) {
        stage1Steps = v;
        return this;
      }

      public Builder stage2Steps(long v) {
        stage2Steps = v;
        return this;
      }

      public Builder batchSize(int v) {
        batchSize = v;
        return this;
      }

      public Builder nf(int v) {
        nf = v;
        return this;
      }

      public Builder evaluationImages(int v) {
        evaluationImages = v;
        return this;
      }

      public Builder seed(long v) {
        seed = v;
        return this;
      }

      public Config build() {
        return new Config(
            out,
            size,
            source,
            target,
            stage1Steps,
            stage2Steps,
            batchSize,
            nf,
            evaluationImages,
            seed);
      }
    }
  }

  /** What the demo made: the model file, its scores and the wall time. */
  public record Result(Path model, EvaluationResult evaluation, Duration elapsed) {}

  private final Config config;
  private final PrintWriter log;
  private final boolean progressBars;

  /** {@code log} gets the stage banners and the table; progress bars go to the console. */
  public Demo(Config config, PrintWriter log, boolean progressBars) {
    this.config = Objects.requireNonNull(config, "config");
    this.log = Objects.requireNonNull(log, "log");
    this.progressBars = progressBars;
  }

  public Result run() throws IOException {
    long start = System.nanoTime();
    Path out = Files.createDirectories(config.out());
    SyntheticPrior prior = SyntheticPrior.builder().size(config.size()).build();

    ContentEncoderFile encoder =
        TrainingRuns.contentEncoder(
            prior,
            config.nf(),
            Math.max(1, config.batchSize() / 2),
            config.seed(),
            config.stage1Steps(),
            out.resolve("checkpoints/stage1.safetensors"),
            out.resolve("stage1-losses.png"),
            progressBars,
            log);

    say("stage 2: translating %s -> %s on unpaired images", config.source(), config.target());
    SmallTrainers trainers =
        new SmallTrainers(
            UnpairedBatches.synthetic(prior, config.source(), config.target()),
            config.batchSize(),
            config.seed(),
            out.resolve("checkpoints/stage2.safetensors"),
            config.source() + "->" + config.target());
    long steps = config.stage2Steps();
    GpUnitTrainer stage2 = trainers.gpUnit(encoder);
    SyntheticJudge judge = SyntheticJudge.forImageSize(config.size(), out);
    Path model = out.resolve("model.safetensors");
    ValidationSelection selection =
        TrainingRuns.validationSelection(
            stage2,
            judge,
            config.source(),
            config.target(),
            model,
            ValidationSelection.secondHalf(steps, SELECTION_POINTS),
            log);
    TrainingRuns.requireFinished(
        "GP-UNIT stage 2",
        TrainingRuns.run(
            "GP-UNIT stage 2",
            stage2
                .loop(TrainingRuns.schedule(steps))
                .listener(stage2.previewListener(out.resolve("samples")))
                .listener(selection),
            stage2.history(),
            out.resolve("stage2-losses.png"),
            progressBars,
            0));
    TrainingRuns.reportSelection(selection, log);
    say(
        "saved %s (style sampler fitted to %d target style codes)",
        model, SmallTrainers.SAMPLER_CODES);

    EvaluationResult result;
    try (TranslationNetwork network = TranslationNetworks.load(model)) {
      Evaluation evaluation = evaluation(judge);
      evaluation.heldOut().grid(3, config.seed()).write(network, out.resolve("translations.png"));
      say("wrote %s", out.resolve("translations.png"));
      result = evaluation.evaluate("gpunit", network);
    }
    EvaluationReport report = new EvaluationReport(List.of(result));
    report.write(out);
    log.println(report.table());
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    say(
        "done in %d:%02d; try: ./gpunit translate --model %s --content <image> --out <dir>",
        elapsed.toMinutes(), elapsed.toSecondsPart(), model);
    return new Result(model, result, elapsed);
  }

  private Evaluation evaluation(SyntheticJudge judge) {
    JudgeQuality quality = judge.quality();
    say(
        "evaluation: the synthetic judge scores %d other renders at class accuracy %.3f, mask IoU"
            + " %.3f",
        SyntheticJudge.QUALITY_IMAGES, quality.accuracy(), quality.maskIou());
    return Evaluation.builder()
        .imageSize(config.size())
        .classes(config.source(), config.target())
        .seed(HELD_OUT_SEED)
        .images(config.evaluationImages())
        .judge(judge)
        .build();
  }

  private void say(String format, Object... args) {
    log.println("[demo] " + String.format(Locale.ROOT, format, args));
    log.flush();
  }
}

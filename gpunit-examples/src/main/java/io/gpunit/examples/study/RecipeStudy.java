package io.gpunit.examples.study;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.examples.training.TrainingRuns;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.models.TranslationNetworks;
import io.gpunit.models.evaluation.Evaluation;
import io.gpunit.models.evaluation.EvaluationResult;
import io.gpunit.models.evaluation.SyntheticJudge;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.stage2.GpUnitTrainer;
import io.gpunit.models.gpunit.stage2.GpUnitTrainerConfig;
import io.gpunit.models.gpunit.stage2.SamplerFitting;
import io.gpunit.models.gpunit.stage2.TranslationStep;
import io.gpunit.models.recipes.SmallTrainers;
import io.gpunit.models.training.data.UnpairedBatches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One run of a GP-UNIT stage-2 recipe study: the demo's task (64² synthetic CAT → CAR, batch 4
 * unless {@code batch} says otherwise, the bundled content encoder) with {@link
 * SmallTrainers#gpUnitCpuRecipe()} changed by {@code key=value} arguments, scored every {@code
 * every} steps on a validation set whose seed ({@code val}, {@link TrainingRuns#VALIDATION_SEED},
 * the seed model selection scores on) is neither the demo's held-out seed nor a seed training draws
 * from. Each score line gives content IoU, domain accuracy, FID and diversity of the EMA model
 * (sampler fitted), and since the last line the mean loss terms and D's mean logits on the real and
 * the translated images of its updates ({@code D(y)}, {@code D(yhat)}: how far D separates them);
 * {@code grid-STEP.png} shows its translations.
 *
 * <pre>
 * java -cp gpunit.jar io.gpunit.examples.study.RecipeStudy out=DIR [steps=200] [every=50] [batch=4]
 *     [dwidth=FIRST,MAX]
 *     [seed=1] [val=777] [lr=] [dlr=] [wd=] [ema=] [r1=] [r1every=] [adv=] [sty=] [con=] [rec=] [perc=]
 *     [msk=] [flip=] [dsn=true|false] [allskip=true|false] [fresh=true|false]
 *     [decay=true|false] [oinit=true|false]
 * </pre>
 *
 * The examples README lists the runs behind the recipe's settings.
 */
public final class RecipeStudy {

  private static final int SIZE = 64;

  private RecipeStudy() {}

  public static void main(String[] args) throws Exception {
    Settings set = Settings.parse(args);
    long steps = set.integer("steps", 200);
    long every = set.integer("every", 50);
    long seed = set.integer("seed", 1);
    long validation = set.integer("val", TrainingRuns.VALIDATION_SEED);
    Path out = Files.createDirectories(Path.of(set.text("out", "study-out")));

    GpUnitTrainerConfig.Builder c =
        SmallTrainers.gpUnitCpuRecipe().batchSize((int) set.integer("batch", 4)).seed(seed);
    set.ifText(
        "dwidth",
        v -> {
          String[] widths = v.split(",", 2);
          Preconditions.checkArgument(widths.length == 2, "dwidth=FIRST,MAX, got '%s'", v);
          c.discriminatorWidths(Integer.parseInt(widths[0]), Integer.parseInt(widths[1]));
        });
    set.ifNumber("lr", c::lr);
    set.ifNumber("dlr", c::discriminatorLr);
    set.ifNumber("wd", c::weightDecay);
    set.ifNumber("ema", c::emaBeta);
    set.ifNumber("r1", c::r1Gamma);
    set.ifNumber("r1every", v -> c.r1Interval(v.intValue()));
    set.ifNumber("adv", c::lambdaAdv);
    set.ifNumber("sty", c::lambdaStyle);
    set.ifNumber("con", c::lambdaContent);
    set.ifNumber("rec", c::lambdaReconstruction);
    set.ifNumber("perc", c::lambdaPerceptual);
    set.ifNumber("msk", c::lambdaMask);
    set.ifNumber("flip", c::flipProbability);
    set.ifFlag("dsn", c::discriminatorSpectralNorm);
    set.ifFlag("allskip", c::useAllSkip);
    set.ifFlag("fresh", c::freshFakesForDiscriminator);
    set.ifFlag("oinit", c::officialInit);
    set.ifFlag("decay", on -> c.linearLrDecay(on ? steps / 2 : 0, on ? steps : 0));
    set.requireAllUsed();

    SyntheticPrior prior = SyntheticPrior.builder().size(SIZE).build();
    GpUnitTrainer trainer =
        GpUnitTrainer.builder()
            .config(c.build())
            .data(UnpairedBatches.synthetic(prior, SyntheticClass.CAT, SyntheticClass.CAR))
            .contentEncoder(ContentEncoderFile.bundled())
            .sampler(
                SmallTrainers.SAMPLER_CODES,
                SamplerFitting.Config.builder()
                    .epochs(SmallTrainers.SAMPLER_EPOCHS)
                    .seed(seed)
                    .build())
            .checkpoint(out.resolve("checkpoint.safetensors"))
            .domains("CAT->CAR")
            .build();
    Evaluation evaluation =
        Evaluation.builder()
            .imageSize(SIZE)
            .classes(SyntheticClass.CAT, SyntheticClass.CAR)
            .seed(validation)
            .images(64)
            .judge(SyntheticJudge.forImageSize(SIZE, out))
            .build();
    System.out.println("settings " + set);
    long start = System.nanoTime();
    Map<String, Double> mean = new LinkedHashMap<>();
    long since = 0;
    for (long step = 0; step < steps; step++) {
      TranslationStep iteration = trainer.iterate(step);
      iteration.losses().forEach((k, v) -> mean.merge(k, v, Double::sum));
      // D's mean logits on real and fake images: how far D separates them (0 and 0: at chance).
      mean.merge("D(y)", meanOf(iteration, TranslationStep.D_REAL_LOGITS), Double::sum);
      mean.merge("D(yhat)", meanOf(iteration, TranslationStep.D_FAKE_LOGITS), Double::sum);
      since++;
      if ((step + 1) % every == 0 || step + 1 == steps) {
        double seconds = (System.nanoTime() - start) / 1e9;
        StringBuilder losses = new StringBuilder();
        long n = since;
        mean.forEach((k, v) -> losses.append(String.format(Locale.ROOT, " %s=%.3f", k, v / n)));
        mean.clear();
        since = 0;
        EvaluationResult r = score(trainer, evaluation, out, step + 1, seed);
        System.out.printf(
            Locale.ROOT,
            "step %d train %.0fs iou %.3f acc %.3f fid %.1f div %.3f |%s%n",
            step + 1,
            seconds,
            r.contentIou(),
            r.domainAccuracy(),
            r.fid(),
            r.diversity(),
            losses);
        System.out.flush();
      }
    }
  }

  private static double meanOf(TranslationStep iteration, String output) {
    return iteration.outputs().get(output).meanNumber().doubleValue();
  }

  /** Fits the sampler, saves the EMA model, scores it and draws its grid. */
  private static EvaluationResult score(
      GpUnitTrainer trainer, Evaluation evaluation, Path out, long step, long seed) {
    trainer.finish();
    Path model = out.resolve("model-" + step + ".safetensors");
    trainer.saveModel(model);
    try (TranslationNetwork network = TranslationNetworks.load(model)) {
      evaluation.heldOut().grid(2, seed).write(network, out.resolve("grid-" + step + ".png"));
      return evaluation.evaluate("gpunit", network);
    }
  }

  /** The {@code key=value} arguments; every one must be read. */
  private static final class Settings {
    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    private Settings(Map<String, String> values) {
      this.values = values;
    }

    static Settings parse(String[] args) {
      Map<String, String> values = new LinkedHashMap<>();
      for (String a : args) {
        int eq = a.indexOf('=');
        Preconditions.checkArgument(eq > 0, "expected key=value, got '%s'", a);
        values.put(a.substring(0, eq), a.substring(eq + 1));
      }
      return new Settings(values);
    }

    String text(String key, String fallback) {
      used.add(key);
      return values.getOrDefault(key, fallback);
    }

    long integer(String key, long fallback) {
      return Long.parseLong(text(key, Long.toString(fallback)));
    }

    void ifText(String key, Consumer<String> setter) {
      if (values.containsKey(key)) {
        setter.accept(text(key, null));
      }
    }

    void ifNumber(String key, Consumer<Double> setter) {
      ifText(key, v -> setter.accept(Double.parseDouble(v)));
    }

    void ifFlag(String key, Consumer<Boolean> setter) {
      ifText(key, v -> setter.accept(Boolean.parseBoolean(v)));
    }

    void requireAllUsed() {
      Set<String> unknown = new TreeSet<>(values.keySet());
      unknown.removeAll(used);
      Preconditions.checkArgument(unknown.isEmpty(), "unknown settings %s", unknown);
    }

    @Override
    public String toString() {
      return values.toString();
    }
  }
}

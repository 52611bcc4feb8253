package io.gpunit.models.gpunit.stage2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.DiscriminatorConfig;
import io.gpunit.models.gpunit.ReferenceFixture;
import io.gpunit.models.gpunit.StyleEncoderConfig;
import io.gpunit.models.gpunit.TensorComparison;
import io.gpunit.models.gpunit.TensorShapes;
import io.gpunit.models.training.data.UnpairedBatches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The stage-2 trainer against the official {@code train.py}: for every fixture in {@code
 * ../shared/fixtures/train-reference} (one iteration of the official loop body, see the fixtures
 * README), the trainer starts from the fixture's E<sub>c</sub>, G and D, runs one iteration with
 * the official recipe on the fixture's x and y, and every stored tensor — losses, outputs, masks,
 * D's predictions, every G and D gradient, G after its Adam step, the spectral-norm vectors after
 * the iteration — is compared within the README's suggested tolerances. A stored tensor this test
 * does not know fails as "not computed", so a new fixture is checked completely or not at all.
 */
class TrainReferenceTest {

  /** Losses and outputs (README: rel-L2 ≤ 1e-4). */
  private static final double VALUE = 1e-4;

  /** Gradients, updated weights and spectral-norm vectors (README: rel-L2 ≤ 1e-3). */
  private static final double UPDATE = 1e-3;

  /** See {@link #compare}. */
  private static final double SPREAD_FACTOR = 4;

  /** See {@link #compare}. */
  private static final double INPUT_JITTER = 1e-6;

  /** See {@link #compare}. */
  private static final int JITTERED_RUNS = 4;

  /** Reference loss names → the trainer's term names. */
  private static final Map<String, String> LOSSES =
      Map.of(
          "g_adv", "adv", "con", "con", "sty", "sty", "msk", "msk", "rec", "rec", "d_adv", "d_adv",
          "r1", "r1");

  /** Reference output names → {@link TranslationStep} output keys. */
  private static final Map<String, String> OUTPUTS =
      Map.of(
          "yhat", TranslationStep.TRANSLATION,
          "ybar", TranslationStep.RECONSTRUCTION,
          "mask0", TranslationStep.MASK + 0,
          "mask1", TranslationStep.MASK + 1,
          "fake_pred", TranslationStep.FAKE_LOGITS,
          "real_pred2", TranslationStep.D_REAL_LOGITS,
          "yhat_after_g_step", TranslationStep.UPDATED_TRANSLATION);

  /** The kinds the summary reports, by key prefix. */
  private static final List<String> KINDS =
      List.of(
          "loss.",
          "output.",
          "grad.g.",
          "grad.d.",
          "after.g.",
          "after.d.",
          "after.content_encoder.");

  /** See {@link #compare}. */
  private static final double ROUNDING_FLOOR = 1e-5;

  /** The official Adam learning rate, which the fixtures use. */
  private static final double LR = 1e-4;

  /** One fixture's recomputed tensors, under the reference's keys (computed once per fixture). */
  private static final Map<String, Runs> COMPUTED = new ConcurrentHashMap<>();

  @TempDir static Path dir;

  static List<ReferenceFixture> fixtures() {
    return ReferenceFixture.training();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void oneIterationComputesWhatTheOfficialTrainPyComputes(ReferenceFixture fixture)
      throws Exception {
    Runs runs = computed(fixture);
    TensorComparison comparison = compare(expected(fixture), runs, fixture);
    String report = fixture.name() + "\n" + comparison.report() + summary(comparison);
    System.out.println(report);
    assertThat(comparison.failures()).as(report).isEmpty();

    // The parameters train.py's backward() leaves without a gradient (Adam skips them): ours too.
    String listed = fixture.reference().metadata().get("no_gradient");
    List<String> noGradient = List.of(new ObjectMapper().readValue(listed, String[].class));
    assertThat(noGradient).isNotEmpty().noneMatch(n -> runs.exact().containsKey("grad." + n));
  }

  @Test
  void theComparisonFailsWhenOneStoredGradientIsOffByOnePercent() {
    ReferenceFixture fixture = fixtures().get(0);
    Runs runs = computed(fixture);
    String key = "grad.d.linear.weight_orig";
    Map<String, INDArray> expected = expected(fixture);
    TensorComparison.Row before = row(compare(expected, runs, fixture), key);
    expected.put(key, expected.get(key).mul(1.01));
    TensorComparison.Row after = row(compare(expected, runs, fixture), key);

    System.out.println("stored " + key + " as is:     " + before);
    System.out.println("stored " + key + " times 1.01: " + after);
    assertThat(before.ok()).as(before.toString()).isTrue();
    assertThat(after.ok()).as(after.toString()).isFalse();
  }

  private static TensorComparison.Row row(TensorComparison comparison, String name) {
    return comparison.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  private static Map<String, INDArray> expected(ReferenceFixture fixture) {
    SafeTensorsFile reference = fixture.reference();
    Map<String, INDArray> expected = new TreeMap<>();
    reference.names().forEach(k -> expected.put(k, reference.getAsFloat(k)));
    return expected;
  }

  /**
   * Every stored tensor but the inputs against the trainer's. The bound of a tensor is the README's
   * (1e-4 for losses and outputs, 1e-3 for the rest) or {@value #SPREAD_FACTOR}× its float32
   * spread, whichever is larger: the largest rel-L2 by which the same tensor moves when the
   * iteration is rerun, {@value #JITTERED_RUNS} times, on inputs changed by ±{@value #INPUT_JITTER}
   * relative (a few ulps). Some gradients are that ill-conditioned, and how far one rerun moves
   * them varies a lot: on dev-s2468-b1, G's {@code model.0.reslayer.norm_0.style} gradients moved
   * by 7.5e-4 in one rerun and by up to 1.4e-2 in four. One rerun was not enough: with oneDNN
   * limited to AVX2 ({@code ONEDNN_MAX_CPU_ISA=AVX2}, as on a CPU without AVX-512) ours differ from
   * the stored values (recorded on an AVX-512 CPU) by 7.6e-3 there, and the official code itself,
   * rerun on AVX2, by 6.7e-3 — rounding of another kernel, not another computation. With four
   * reruns the largest ratio of error to spread was 1.8 (AVX2) and 2.0 (AVX-512) over both
   * fixtures, hence the factor; a different computation would stand out by orders of magnitude, and
   * a gradient off by 1% fails ({@link #theComparisonFailsWhenOneStoredGradientIsOffByOnePercent}).
   *
   * <p>Gradients of a conv bias that an instance norm cancels are exactly 0 (PyTorch stores
   * rounding noise); they are detected as reference gradients at most {@value #ROUNDING_FLOOR} of
   * the network's largest and checked to be that small. G's updated weights: Adam's first step (β₁
   * = 0) moves an entry by lr·g/(|g| + ε), i.e. by ±lr with the sign of g, so an entry whose sign
   * the gradients do not determine — reference gradient below that floor, or below twice its
   * difference from ours (the gradients themselves are checked in their own rows) — may move either
   * way: such entries are left out of the tensor's rel-L2 and checked to have moved by at most lr.
   */
  private static TensorComparison compare(
      Map<String, INDArray> expected, Runs runs, ReferenceFixture fixture) {
    Map<String, INDArray> initial = withPrefix(fixture.model(), "");
    Map<String, Double> floors = new TreeMap<>();
    for (String net : List.of("grad.g.", "grad.d.")) {
      floors.put(
          net,
          ROUNDING_FLOOR
              * expected.entrySet().stream()
                  .filter(e -> e.getKey().startsWith(net))
                  .mapToDouble(e -> e.getValue().amaxNumber().doubleValue())
                  .max()
                  .orElseThrow());
    }
    TensorComparison comparison = new TensorComparison();
    expected.forEach(
        (key, value) -> {
          INDArray actual = runs.exact().get(key);
          List<INDArray> jittered = runs.jittered().stream().map(m -> m.get(key)).toList();
          double base = key.startsWith("loss.") || key.startsWith("output.") ? VALUE : UPDATE;
          String net =
              key.startsWith("grad.g.") ? "grad.g." : key.startsWith("grad.d.") ? "grad.d." : null;
          INDArray gradient =
              key.startsWith("after.g.") ? expected.get("grad.g." + key.substring(8)) : null;
          if (key.startsWith("input.")) {
            return;
          } else if (net != null && value.amaxNumber().doubleValue() <= floors.get(net)) {
            comparison.bounded(key + " (exactly 0: rounding)", actual, floors.get(net));
            return;
          } else if (gradient == null || actual == null) {
            comparison.compare(key, actual, value, bound(base, actual, jittered));
            return;
          }
          INDArray ours = runs.exact().get("grad.g." + key.substring(8));
          INDArray threshold =
              ours == null
                  ? gradient.like().assign(floors.get("grad.g."))
                  : Transforms.max(
                      Transforms.abs(ours.sub(gradient)).muli(2), floors.get("grad.g."));
          INDArray undetermined = Transforms.abs(gradient).subi(threshold).lte(0);
          INDArray noise = undetermined.castTo(value.dataType());
          INDArray kept = noise.rsub(1);
          long zeros = noise.sumNumber().longValue();
          comparison.compare(
              zeros == 0 ? key : key + " (" + zeros + " entries of undetermined sign apart)",
              actual.mul(kept),
              value.mul(kept),
              bound(
                  base,
                  actual.mul(kept),
                  jittered.stream().map(j -> j == null ? null : j.mul(kept)).toList()));
          if (zeros > 0) {
            INDArray moved = actual.sub(initial.get("g." + key.substring(8))).mul(noise);
            comparison.bounded(key + " undetermined entries: |after - before|", moved, LR * 1.001);
          }
        });
    return comparison;
  }

  /** max(base, SPREAD_FACTOR · the largest rel-L2(jittered, actual) of the reruns). */
  private static TensorComparison.Tolerance bound(
      double base, INDArray actual, List<INDArray> jitteredRuns) {
    double spread = 0;
    if (actual != null) {
      INDArray a = actual.castTo(DataType.DOUBLE);
      double norm = a.norm2Number().doubleValue();
      for (INDArray jittered : jitteredRuns) {
        if (jittered != null && norm != 0) {
          double diff = jittered.castTo(DataType.DOUBLE).sub(a).norm2Number().doubleValue();
          spread = Math.max(spread, diff / norm);
        }
      }
    }
    return new TensorComparison.Tolerance(
        Math.max(base, SPREAD_FACTOR * spread), Double.POSITIVE_INFINITY);
  }

  /** The largest relative error of each kind of tensor. */
  private static String summary(TensorComparison comparison) {
    StringBuilder sb = new StringBuilder("largest rel-L2 per kind (and its bound):\n");
    for (String kind : KINDS) {
      comparison.rows().stream()
          .filter(r -> r.name().startsWith(kind) && Double.isFinite(r.relL2()))
          .max(Comparator.comparingDouble(TensorComparison.Row::relL2))
          .ifPresent(
              r ->
                  sb.append(
                      String.format(
                          Locale.ROOT,
                          "  %-24s %.3e (<= %.1e)  %s%n",
                          kind + "*",
                          r.relL2(),
                          r.tolerance().relL2(),
                          r.name())));
    }
    return sb.toString();
  }

  /** The trainer's tensors from the fixture's inputs and from each rerun on jittered ones. */
  private record Runs(Map<String, INDArray> exact, List<Map<String, INDArray>> jittered) {}

  /**
   * All runs on one trainer: the initial state is checkpointed, and restored (G, D, both Adams, the
   * EMA, E_c's vectors) before each jittered run, which saves building the graphs again.
   */
  private static Runs computed(ReferenceFixture fixture) {
    return COMPUTED.computeIfAbsent(
        fixture.name(),
        k -> {
          SafeTensorsFile reference = fixture.reference();
          INDArray x = reference.getAsFloat("input.x");
          INDArray y = reference.getAsFloat("input.y");
          FixedBatches data = new FixedBatches(x, y);
          GpUnitTrainer trainer = trainer(fixture, data);
          trainer.trainingRun().checkpointer().save(0);
          Map<String, INDArray> exact = iterate(trainer, fixture.name() + " (fixture inputs)");
          Nd4j.getRandom().setSeed(3);
          List<Map<String, INDArray>> jittered = new ArrayList<>();
          for (int i = 0; i < JITTERED_RUNS; i++) {
            data.set(jitter(x), jitter(y));
            assertThat(trainer.resume()).isZero();
            jittered.add(iterate(trainer, fixture.name() + " (jittered inputs)"));
          }
          return new Runs(exact, jittered);
        });
  }

  private static INDArray jitter(INDArray images) {
    INDArray noise = Nd4j.rand(DataType.FLOAT, images.shape()).subi(0.5).muli(2 * INPUT_JITTER);
    return images.mul(noise.addi(1));
  }

  /** A trainer with the official recipe, the fixture's widths and its E_c, G and D. */
  private static GpUnitTrainer trainer(ReferenceFixture fixture, FixedBatches data) {
    SafeTensorsFile model = fixture.model();
    int batch = (int) data.x.size(0);
    TensorShapes shapes = TensorShapes.of(model);
    DiscriminatorConfig d = DiscriminatorConfig.inferFrom(shapes, "d.");
    GpUnitTrainerConfig config =
        GpUnitTrainerConfig.builder()
            .styleEncoder(StyleEncoderConfig.inferFrom(shapes, "g.style_encoder."))
            .discriminatorWidths(d.dimIn(), d.maxConvDim())
            .batchSize(batch)
            .lr(LR)
            .lambdaPerceptual(0)
            .flipProbability(0)
            .officialRecipe(true)
            .build();
    return GpUnitTrainer.builder()
        .config(config)
        .data(data)
        .contentEncoder(new ContentEncoderFile(withPrefix(model, "content_encoder."), 256))
        .generatorWeights(withPrefix(model, "g."))
        .discriminatorWeights(withPrefix(model, "d."))
        .checkpoint(dir.resolve(fixture.name() + ".safetensors"))
        .build();
  }

  /** One iteration (step 0) and everything it produced, under the reference's keys. */
  private static Map<String, INDArray> iterate(GpUnitTrainer trainer, String run) {
    long start = System.nanoTime();
    TranslationStep step = trainer.iterate(0);
    System.out.printf(
        Locale.ROOT, "%s: one iteration in %.1f s%n", run, (System.nanoTime() - start) / 1e9);

    Map<String, INDArray> actual = new LinkedHashMap<>();
    LOSSES.forEach(
        (ref, term) -> {
          Double v = step.losses().get(term);
          if (v != null) {
            actual.put("loss." + ref, Nd4j.createFromArray(v.floatValue()));
          }
        });
    OUTPUTS.forEach((ref, key) -> actual.put("output." + ref, step.outputs().get(key)));
    step.generatorGradients().forEach((k, v) -> actual.put("grad." + k, v));
    step.discriminatorGradients().forEach((k, v) -> actual.put("grad." + k, v));
    trainer.generatorWeights().forEach((k, v) -> actual.put("after.g." + k, v));
    trainer.discriminatorWeights().forEach((k, v) -> actual.put("after.d." + k, v));
    trainer.contentEncoderVectors().forEach((k, v) -> actual.put("after.content_encoder." + k, v));
    return actual;
  }

  /** The tensors of {@code source} whose names start with {@code prefix}, without it. */
  private static Map<String, INDArray> withPrefix(SafeTensorsFile source, String prefix) {
    Map<String, INDArray> out = new TreeMap<>();
    for (String name : source.names()) {
      if (name.startsWith(prefix)) {
        out.put(name.substring(prefix.length()), source.getAsFloat(name));
      }
    }
    return out;
  }

  /** Every batch is the same x (domain A) and y (domain B), which the test can replace. */
  private static final class FixedBatches implements UnpairedBatches {
    private INDArray x;
    private INDArray y;

    FixedBatches(INDArray x, INDArray y) {
      set(x, y);
    }

    void set(INDArray newX, INDArray newY) {
      this.x = newX;
      this.y = newY;
    }

    @Override
    public int imageSize() {
      return (int) x.size(2);
    }

    @Override
    public TwoDomainBatch batch(int size, SplitMix64 random) {
      return new TwoDomainBatch(x, y);
    }
  }
}

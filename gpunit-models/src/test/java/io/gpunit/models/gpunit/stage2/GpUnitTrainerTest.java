package io.gpunit.models.gpunit.stage2;

import static io.gpunit.models.gpunit.stage2.GpUnitTrainerFixtures.COLOUR_A;
import static io.gpunit.models.gpunit.stage2.GpUnitTrainerFixtures.COLOUR_B;
import static io.gpunit.models.gpunit.stage2.GpUnitTrainerFixtures.distance;
import static io.gpunit.models.gpunit.stage2.GpUnitTrainerFixtures.meanColour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.image.Images;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.models.ModelFile;
import io.gpunit.models.Translator;
import io.gpunit.models.gpunit.TensorComparison;
import io.gpunit.models.training.data.UnpairedBatches;
import io.gpunit.models.training.loop.TrainingSchedule;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

class GpUnitTrainerTest {

  @TempDir Path dir;

  /** A cheap trainer: 16² flat colours, the content encoder at 64² (a 2² code), nef 4. */
  private GpUnitTrainer small(GpUnitTrainerConfig config, String checkpoint) {
    return GpUnitTrainer.builder()
        .config(config)
        .data(GpUnitTrainerFixtures.flatColours(16))
        .contentEncoder(GpUnitTrainerFixtures.contentEncoder(64))
        .checkpoint(dir.resolve(checkpoint))
        .build();
  }

  @Test
  void learnsToTranslateFlatColoursIntoTheTargetDomain() {
    GpUnitTrainer t =
        small(
            GpUnitTrainerFixtures.tinyConfig().lr(5e-3).emaBeta(0.5).lambdaContent(0).build(),
            "l.safetensors");
    TwoDomainBatch eval = evalBatch();
    double[] before = meanColour(t.translate(eval.a(), eval.b()));
    // From train.py's init G needs more than 10 steps here (|to B| 0.79 -> 0.09 in 20).
    int steps = 20;
    t.loop(TrainingSchedule.of(steps)).build().run(0);
    double[] after = meanColour(t.translate(eval.a(), eval.b()));
    System.out.printf(
        "LEARNING before: |to B| %.3f |to A| %.3f; after %d steps: |to B| %.3f |to A| %.3f;"
            + " rec %.3f -> %.3f%n",
        distance(before, COLOUR_B),
        distance(before, COLOUR_A),
        steps,
        distance(after, COLOUR_B),
        distance(after, COLOUR_A),
        mean(t.history().values("rec").subList(0, 3)),
        mean(t.history().values("rec").subList(steps - 3, steps)));
    assertThat(distance(after, COLOUR_B)).isLessThan(distance(after, COLOUR_A));
    assertThat(distance(after, COLOUR_B)).isLessThan(0.5 * distance(before, COLOUR_B));
    assertThat(mean(t.history().values("rec").subList(steps - 3, steps)))
        .isLessThan(mean(t.history().values("rec").subList(0, 3)));
    assertThat(t.history().termNames()).containsExactly("adv", "sty", "msk", "rec", "d_adv", "r1");
  }

  private static TwoDomainBatch evalBatch() {
    return GpUnitTrainerFixtures.flatColours(16).batch(4, new SplitMix64(99));
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  @Test
  void resumingContinuesBitForBit() throws Exception {
    // Every term on, the content term's out-of-graph gradient included.
    resumesBitForBit(GpUnitTrainerFixtures.tinyConfig().build());
  }

  /** With the official recipe, E_c's iterated spectral-norm vectors are part of the state too. */
  @Test
  void resumingContinuesBitForBitWithTheOfficialRecipe() throws Exception {
    GpUnitTrainerConfig config = GpUnitTrainerFixtures.tinyConfig().officialRecipe(true).build();
    GpUnitTrainer t = small(config, "v.safetensors");
    Map<String, INDArray> before = t.contentEncoderVectors();
    t.run(0);
    // Three calls of E_c (x, y, ŷ), each one power iteration: the vectors moved.
    assertThat(t.contentEncoderVectors()).isNotEqualTo(before);
    resumesBitForBit(config);
  }

  private void resumesBitForBit(GpUnitTrainerConfig config) throws Exception {
    GpUnitTrainer straight = small(config, "a.safetensors");
    straight.loop(TrainingSchedule.of(2)).build().run(0);

    GpUnitTrainer first = small(config, "b.safetensors");
    first.loop(TrainingSchedule.of(1)).build().run(0);
    GpUnitTrainer resumed = small(config, "b.safetensors");
    long start = resumed.resume();
    assertThat(start).isEqualTo(1);
    resumed.loop(TrainingSchedule.of(2)).build().run(start);

    for (String term : straight.history().termNames()) {
      assertThat(resumed.history().values(term))
          .as(term)
          .isEqualTo(straight.history().values(term));
    }
    SafeTensorsFile a = SafeTensors.read(dir.resolve("a.safetensors"));
    SafeTensorsFile b = SafeTensors.read(dir.resolve("b.safetensors"));
    assertThat(b.names()).isEqualTo(a.names()).anyMatch(n -> n.startsWith("g_ema."));
    if (config.officialRecipe()) {
      assertThat(a.names()).contains("content_encoder.layer6.1.conv.weight_u");
    }
    for (String name : a.names()) {
      assertThat(b.get(name)).as(name).isEqualTo(a.get(name));
    }
  }

  @Test
  void eachOptimiserUpdatesItsOwnNetworkAndTheContentEncoderStaysFrozen() {
    Map<String, INDArray> encoder = GpUnitTrainerFixtures.contentEncoderWeights(4, 1);
    // PyTorch's default init: from train.py's, whose biases are 0, the dynamic skips' masks are
    // closed at first, and the parameters behind them get (next to) no gradient in step 0.
    GpUnitTrainer t =
        small(GpUnitTrainerFixtures.tinyConfig().officialInit(false).build(), "f.safetensors");
    List<String> g = t.generatorParameters();
    List<String> d = t.discriminatorParameters();
    assertThat(g).isNotEmpty().allMatch(n -> n.startsWith("g."));
    assertThat(d).isNotEmpty().allMatch(n -> n.startsWith("d."));
    Map<String, INDArray> gBefore = new HashMap<>();
    g.forEach(n -> gBefore.put(n, t.generatorGraphValue(n)));
    Map<String, INDArray> dBefore = new HashMap<>();
    d.forEach(n -> dBefore.put(n, t.discriminatorGraphValue(n)));

    // Layers beyond the 16² scale (and their toRGB heads) are built but reach no loss.
    Map<String, INDArray> gradients = t.generatorGradients(0);
    List<String> trained = g.stream().filter(n -> gradients.get(n) != null).toList();
    assertThat(trained).contains("g.model.3.rgblayer.weight").anyMatch(n -> n.contains("style"));

    double contentLoss = t.contentLossValue(0);

    Map<String, Double> losses = t.run(0);

    // "con" is λ_con·L_con itself, not the value of its surrogate in G's graph.
    assertThat(losses).containsEntry("con", contentLoss);
    assertThat(contentLoss).isPositive();
    for (String n : g) {
      if (trained.contains(n)) {
        assertThat(t.generatorGraphValue(n)).as(n).isNotEqualTo(gBefore.get(n));
      } else {
        assertThat(t.generatorGraphValue(n)).as(n).isEqualTo(gBefore.get(n));
      }
    }
    for (String n : d) {
      assertThat(t.discriminatorGraphValue(n)).as(n).isNotEqualTo(dBefore.get(n));
      // The G graph's copy of D follows the D step exactly (no update of its own).
      assertThat(t.generatorGraphValue(n)).as(n).isEqualTo(t.discriminatorGraphValue(n));
    }
    encoder.forEach(
        (name, value) -> assertThat(t.contentEncoderValue(name)).as(name).isEqualTo(value));
  }

  /**
   * The content term reaches G's graph as the surrogate Σ ŷ ⊙ ∂L_con/∂ŷ; its G-parameter gradient
   * must be ∂(λ_con·L_con)/∂θ, checked against central differences of the true loss (float32, so a
   * loose tolerance) at the largest gradient entry of the three parameters that have the largest.
   */
  @Test
  void theContentSurrogateHasTheContentLossGradientForTheGenerator() {
    // Textured images: on flat ones E_c's instance norms see ~zero variance, and L_con is too
    // curved for float32 differences. So is it from train.py's ~2.4 times larger initial G (3.9%
    // off at g.model.3.rgblayer.weight); the surrogate's gradient does not depend on the init.
    UnpairedBatches flat = GpUnitTrainerFixtures.flatColours(16);
    UnpairedBatches textured =
        new UnpairedBatches() {
          @Override
          public int imageSize() {
            return 16;
          }

          @Override
          public TwoDomainBatch batch(int n, SplitMix64 random) {
            TwoDomainBatch batch = flat.batch(n, random);
            return new TwoDomainBatch(texture(batch.a(), random), texture(batch.b(), random));
          }

          private INDArray texture(INDArray images, SplitMix64 random) {
            INDArray out = images.dup();
            for (long i = 0; i < out.length(); i++) {
              out.putScalar(i, out.getDouble(i) + 0.3 * (random.nextDouble() - 0.5));
            }
            return out;
          }
        };
    GpUnitTrainer t =
        GpUnitTrainer.builder()
            .config(
                GpUnitTrainerFixtures.tinyConfig()
                    .lambdaAdv(0)
                    .lambdaStyle(0)
                    .lambdaMask(0)
                    .lambdaReconstruction(0)
                    .r1Gamma(0)
                    .officialInit(false)
                    .build())
            .data(textured)
            .contentEncoder(GpUnitTrainerFixtures.contentEncoder(64))
            .checkpoint(dir.resolve("c.safetensors"))
            .build();
    Map<String, INDArray> gradients = t.generatorGradients(0);
    // The three parameters with the largest gradient entries (float32 differences resolve those).
    List<String> largest =
        t.generatorParameters().stream()
            .filter(n -> gradients.get(n) != null)
            .sorted(
                java.util.Comparator.comparingDouble(
                    (String n) -> -gradients.get(n).amaxNumber().doubleValue()))
            .limit(3)
            .toList();
    assertThat(largest).hasSize(3);
    for (String name : largest) {
      double[] g = gradients.get(name).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
      int at = 0;
      for (int j = 1; j < g.length; j++) {
        at = Math.abs(g[j]) > Math.abs(g[at]) ? j : at;
      }
      INDArray original = t.generatorGraphValue(name);
      // L_con is piecewise smooth (L1, leaky ReLUs): a small step stays on one piece; at 1e-4
      // float32 rounding is still ~1e-4 of these gradients (h 1e-2 was off by ~25%).
      double h = 1e-4;
      double plus = contentLossWith(t, name, original, at, h);
      double minus = contentLossWith(t, name, original, at, -h);
      t.setGeneratorGraphValue(name, original);
      double numeric = (plus - minus) / (2 * h);
      System.out.printf(
          "CONTENT GRADIENT %s[%d]: surrogate %.6g, central difference %.6g%n",
          name, at, g[at], numeric);
      assertThat(Math.abs(g[at])).as(name).isGreaterThan(1e-2);
      assertThat(g[at]).as(name).isCloseTo(numeric, within(0.03 * Math.abs(numeric) + 1e-2));
    }
  }

  private static double contentLossWith(
      GpUnitTrainer t, String name, INDArray original, int index, double delta) {
    INDArray moved = original.dup();
    moved.putScalar(index, original.getDouble(index) + delta);
    t.setGeneratorGraphValue(name, moved);
    return t.contentLossValue(0);
  }

  @Test
  void aSavedModelLoadsInTheTranslatorWithItsStyleEncoderAndSampler() throws Exception {
    int size = 32;
    GpUnitTrainer t =
        GpUnitTrainer.builder()
            .config(GpUnitTrainerFixtures.tinyConfig().build())
            .data(GpUnitTrainerFixtures.flatColours(size))
            .contentEncoder(GpUnitTrainerFixtures.contentEncoder(128))
            .checkpoint(dir.resolve("m.ckpt"))
            .domains("red->blue")
            .build();
    assertThatThrownBy(() -> t.saveModel(dir.resolve("x.safetensors")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("finish()");
    t.fitSampler(4, SamplerFitting.Config.builder().epochs(2).build());
    Path file = dir.resolve("model.safetensors");
    t.saveModel(file);

    SafeTensorsFile saved = SafeTensors.read(file);
    assertThat(saved.metadata())
        .containsEntry(ModelFile.ARCHITECTURE, ModelFile.GPUNIT)
        .containsEntry(ModelFile.IMAGE_SIZE, "32")
        .containsEntry(ModelFile.CONTENT_RESOLUTION, "128")
        .containsEntry(ModelFile.DOMAINS, "red->blue");
    Map<String, INDArray> weights = t.modelWeights();
    assertThat(saved.names()).containsExactlyInAnyOrderElementsOf(weights.keySet());
    for (String name : saved.names()) {
      assertThat(saved.get(name)).as(name).isEqualTo(weights.get(name));
    }
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
        .noneMatch(n -> n.contains("tmp"));

    UnpairedBatches data = GpUnitTrainerFixtures.flatColours(size);
    TwoDomainBatch batch = data.batch(1, new SplitMix64(5));
    BufferedImage content =
        Images.toImage(batch.a().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)));
    BufferedImage style =
        Images.toImage(batch.b().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)));
    try (Translator translator = Translator.builder().load(file).imageSize(size).build()) {
      assertThat(translator.network().styleDim()).isEqualTo(16);
      assertThat(translator.imageSize()).isEqualTo(size);
      INDArray quantised = Images.toTensor(style).reshape(1, 3, size, size);
      float[] expected = t.styleCodes(quantised).toFloatVector();
      assertThat(translator.styleCode(style))
          .containsExactly(expected, org.assertj.core.data.Offset.offset(1e-4f));
      // The same translation as the trainer's: E_c at the recorded 128² (a 4² code), G to 32².
      INDArray x = Images.toTensor(content).reshape(1, 3, size, size);
      INDArray loaded =
          translator.network().translate(x, translator.network().encodeStyle(quantised));
      TensorComparison.Row row =
          new TensorComparison()
              .compare("translation", loaded, t.translate(x, quantised), TensorComparison.OUTPUT);
      assertThat(row.ok()).as(row.toString()).isTrue();
      INDArray codes = translator.sampledStyleCodes(3);
      assertThat(codes.shape()).containsExactly(3, 16);
      assertThat(Double.isFinite(codes.sumNumber().doubleValue())).isTrue();
    }
  }

  @Test
  void rejectsImageSizesTheGeneratorCannotProduce() {
    assertThatThrownBy(
            () ->
                GpUnitTrainer.builder()
                    .config(GpUnitTrainerFixtures.tinyConfig().build())
                    .data(GpUnitTrainerFixtures.flatColours(24))
                    .contentEncoder(GpUnitTrainerFixtures.contentEncoder(256))
                    .checkpoint(dir.resolve("r.ckpt"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image size 24");
    assertThatThrownBy(() -> GpUnitTrainerFixtures.tinyConfig().lambdaStyle(-1).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lazyR1RunsOnEveryKthStepWithKTimesGamma() {
    GpUnitTrainer everyStep = small(GpUnitTrainerFixtures.tinyConfig().build(), "r1a.ckpt");
    GpUnitTrainer lazy =
        small(GpUnitTrainerFixtures.tinyConfig().r1Interval(3).build(), "r1b.ckpt");
    double eager = everyStep.run(0).get("r1");
    Map<String, Double> first = lazy.run(0);
    // Same seed, same first step: the penalty is the same one, weighted 3γ instead of γ.
    assertThat(first.get("r1")).isCloseTo(3 * eager, within(1e-6 * Math.abs(eager)));
    assertThat(eager).isPositive();
    assertThat(lazy.run(1)).doesNotContainKey("r1");
    assertThat(lazy.run(2)).doesNotContainKey("r1");
    assertThat(lazy.run(3)).containsKey("r1");
    assertThatThrownBy(() -> GpUnitTrainerFixtures.tinyConfig().r1Interval(0).build())
        .hasMessageContaining("r1Interval must be >= 1");
  }

  @Test
  void theDiscriminatorCanGoWithoutSpectralNormAndWithItsOwnLearningRate() {
    GpUnitTrainerConfig config =
        GpUnitTrainerFixtures.tinyConfig()
            .lr(1e-3)
            .discriminatorLr(4e-3)
            .discriminatorSpectralNorm(false)
            .build();
    assertThat(config.discriminatorAdam().lr()).isEqualTo(4e-3);
    assertThat(config.adam().lr()).isEqualTo(1e-3);
    GpUnitTrainer t = small(config, "nosn.ckpt");
    assertThat(t.discriminatorWeights().keySet())
        .contains("model.0.weight")
        .noneMatch(name -> name.contains("weight_orig") || name.contains("weight_u"));
    Map<String, INDArray> before = t.discriminatorWeights();
    t.run(0);
    // beta1 = 0: the first Adam step moves every weight by about lr (D's, not G's).
    INDArray moved =
        t.discriminatorWeights().get("model.0.weight").sub(before.get("model.0.weight"));
    assertThat(Transforms.abs(moved).maxNumber().doubleValue()).isCloseTo(4e-3, within(4e-4));
  }

  @Test
  void theDiscriminatorSeesTheUpdatedGeneratorsTranslationUnlessToldToReuseTheGSteps() {
    TranslationStep fresh =
        small(GpUnitTrainerFixtures.tinyConfig().build(), "fresh.ckpt").iterate(0);
    TranslationStep reused =
        small(
                GpUnitTrainerFixtures.tinyConfig().freshFakesForDiscriminator(false).build(),
                "reused.ckpt")
            .iterate(0);
    INDArray before = fresh.outputs().get(TranslationStep.TRANSLATION);
    assertThat(reused.outputs().get(TranslationStep.TRANSLATION)).isEqualTo(before);
    assertThat(reused.outputs().get(TranslationStep.UPDATED_TRANSLATION)).isEqualTo(before);
    double moved =
        fresh
            .outputs()
            .get(TranslationStep.UPDATED_TRANSLATION)
            .sub(before)
            .norm2Number()
            .doubleValue();
    assertThat(moved).isGreaterThan(1e-4);
  }

  @Test
  void bothNetworksStartFromTrainPysKaimingInitUnlessToldToKeepPyTorchsDefaults() {
    GpUnitTrainer official = small(GpUnitTrainerFixtures.tinyConfig().build(), "official.ckpt");
    Map<String, INDArray> g = official.generatorWeights();
    Map<String, INDArray> d = official.discriminatorWeights();
    // W ~ N(0, 2/fan_in): 9,216 draws (fan_in 32·3·3) give a sample std within 3% of the target,
    // 4,096 (fan_in 16·4·4) within 5%; D's spectral-normalised weight_orig takes it as well.
    assertThat(rms(g.get("model.1.reslayer.conv_0.weight")))
        .isCloseTo(Math.sqrt(2.0 / 288), withinPercentage(3));
    assertThat(rms(d.get("model.4.weight_orig")))
        .isCloseTo(Math.sqrt(2.0 / 256), withinPercentage(5));
    // Every bias starts at 0, AdaIN's too: γ = W·s, not 1 + W·s.
    for (Map<String, INDArray> net : List.of(g, d)) {
      assertThat(net.keySet()).anyMatch(name -> name.endsWith(".bias"));
      net.forEach(
          (name, v) -> {
            if (name.endsWith(".bias")) {
              assertThat(v.amaxNumber().doubleValue()).as(name).isZero();
            }
          });
    }

    GpUnitTrainer defaults =
        small(GpUnitTrainerFixtures.tinyConfig().officialInit(false).build(), "defaults.ckpt");
    Map<String, INDArray> gd = defaults.generatorWeights();
    // PyTorch's layer defaults: uniform on ±1/√fan_in (std 1/√(3·fan_in)), AdaIN's γ = 1, β = 0.
    assertThat(rms(gd.get("model.1.reslayer.conv_0.weight")))
        .isCloseTo(Math.sqrt(1.0 / (3 * 288)), withinPercentage(3));
    INDArray gammaBeta = gd.get("model.1.reslayer.norm_0.style.bias");
    assertThat(gammaBeta.get(NDArrayIndex.interval(0, 32)).minNumber().doubleValue()).isEqualTo(1);
    assertThat(gammaBeta.get(NDArrayIndex.interval(32, 64)).amaxNumber().doubleValue()).isZero();
  }

  private static double rms(INDArray w) {
    return w.castTo(DataType.DOUBLE).norm2Number().doubleValue() / Math.sqrt(w.length());
  }

  @Test
  void aLinearDecayScalesBothLearningRatesDownToZeroOverItsSteps() {
    GpUnitTrainerConfig config = GpUnitTrainerFixtures.tinyConfig().linearLrDecay(100, 200).build();
    assertThat(config.lrScaleAt(0)).isEqualTo(1);
    assertThat(config.lrScaleAt(99)).isEqualTo(1);
    assertThat(config.lrScaleAt(100)).isEqualTo(1);
    assertThat(config.lrScaleAt(150)).isEqualTo(0.5);
    assertThat(config.lrScaleAt(199)).isEqualTo(0.01);
    assertThat(config.lrScaleAt(250)).isEqualTo(0);
    assertThat(GpUnitTrainerFixtures.tinyConfig().build().lrScaleAt(1_000_000)).isEqualTo(1);
    assertThatThrownBy(() -> GpUnitTrainerFixtures.tinyConfig().linearLrDecay(5, 5).build())
        .hasMessageContaining("start < end");

    // At scale 0 (decay over steps 0..1, step 1 is past it) a step moves neither G's nor D's
    // parameters (D's spectral-norm vectors still take their power iteration).
    GpUnitTrainer t =
        small(GpUnitTrainerFixtures.tinyConfig().linearLrDecay(0, 1).build(), "decay.ckpt");
    t.run(0);
    Map<String, INDArray> d = parametersOnly(t.discriminatorWeights());
    Map<String, INDArray> g = t.generatorWeights();
    t.run(1);
    assertThat(parametersOnly(t.discriminatorWeights())).isEqualTo(d);
    assertThat(t.generatorWeights()).isEqualTo(g);
  }

  private static Map<String, INDArray> parametersOnly(Map<String, INDArray> weights) {
    Map<String, INDArray> out = new HashMap<>(weights);
    out.keySet().removeIf(k -> k.endsWith("_u") || k.endsWith("_v"));
    assertThat(out).isNotEmpty();
    return out;
  }
}

package io.gpunit.examples.comparison;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.image.ImageGrid;
import io.gpunit.core.image.Images;
import io.gpunit.examples.training.SmallTrainers;
import io.gpunit.examples.training.TrainingRuns;
import io.gpunit.models.ModelFile;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.models.TranslationNetworks;
import io.gpunit.models.evaluation.Evaluation;
import io.gpunit.models.evaluation.EvaluationReport;
import io.gpunit.models.evaluation.EvaluationResult;
import io.gpunit.models.evaluation.SyntheticJudge;
import io.gpunit.models.gpunit.PriorDistillation;
import io.gpunit.models.gpunit.TranslationTrainer;
import io.gpunit.models.training.ModelTrainer;
import io.gpunit.models.training.SplitMix64;
import io.gpunit.models.training.UnpairedBatches;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * UNIT, CycleGAN, MUNIT and GP-UNIT trained side by side on the same synthetic pair (default CAT →
 * CAR, the classes whose shapes differ most), with the same data, batch, number of steps and seed,
 * then drawn in one figure and scored on the same held-out seeds.
 *
 * <p>What to look for: UNIT and CycleGAN (one shared latent space / cycle consistency) keep the
 * source silhouette and mostly change colours, so their source IoU is high and their content IoU
 * against the true car layout is low; MUNIT and GP-UNIT (content and style apart) can change the
 * shape; GP-UNIT's content code comes from stage-1 prior distillation, trained on same-latent
 * pairs, which is what tells it where a cat's head goes on a car. GP-UNIT's budget includes its
 * stage 1.
 *
 * <pre>
 * java -Dgpunit.steps=100 -cp gpunit-examples/target/gpunit.jar \
 *     io.gpunit.examples.comparison.SideBySideExample
 * </pre>
 *
 * Writes to {@code -Dgpunit.out} (default {@code comparison-out}): {@code side_by_side.png} (one
 * block per model: held-out sources, then each model's translations), the models, loss curves and
 * {@code evaluation.json}/{@code .csv}.
 */
public final class SideBySideExample {

  private static final List<String> ARCHITECTURES =
      List.of(ModelFile.UNIT, ModelFile.CYCLEGAN, ModelFile.MUNIT, ModelFile.GPUNIT);

  private SideBySideExample() {}

  public static void main(String[] args) throws Exception {
    long steps = Long.getLong("gpunit.steps", 100);
    long stage1Steps = Long.getLong("gpunit.stage1Steps", 60);
    int size = Integer.getInteger("gpunit.size", 64);
    int batch = Integer.getInteger("gpunit.batch", 4);
    long seed = Long.getLong("gpunit.seed", 1);
    SyntheticClass a = SyntheticClass.valueOf(System.getProperty("gpunit.source", "CAT"));
    SyntheticClass b = SyntheticClass.valueOf(System.getProperty("gpunit.target", "CAR"));
    Path out = Files.createDirectories(Path.of(System.getProperty("gpunit.out", "comparison-out")));
    SyntheticPrior prior = SyntheticPrior.builder().size(size).build();
    UnpairedBatches data = UnpairedBatches.synthetic(prior, a, b);

    SyntheticJudge judge = SyntheticJudge.forImageSize(size, out);
    Evaluation evaluation =
        Evaluation.builder()
            .imageSize(size)
            .classes(a, b)
            .seed(20221)
            .images(64)
            .judge(judge)
            .build();
    INDArray sources =
        evaluation
            .heldOut()
            .content()
            .get(
                NDArrayIndex.interval(0, 8),
                NDArrayIndex.all(),
                NDArrayIndex.all(),
                NDArrayIndex.all());

    List<EvaluationResult> results = new ArrayList<>();
    List<List<BufferedImage>> rows = new ArrayList<>();
    rows.add(Images.toImages(sources));
    for (String architecture : ARCHITECTURES) {
      Path dir = Files.createDirectories(out.resolve(architecture));
      long start = System.nanoTime();
      SmallTrainers trainers =
          new SmallTrainers(data, batch, seed, dir.resolve("checkpoint.safetensors"), a + "->" + b);
      ModelTrainer trainer =
          architecture.equals(ModelFile.GPUNIT)
              ? trainers.gpUnit(
                  stage1(prior, batch, seed, stage1Steps, dir).contentEncoderWeights())
              : trainers.baseline(architecture);
      TrainingRuns.requireFinished(
          architecture,
          TrainingRuns.run(
              architecture,
              trainer.loop(TrainingRuns.schedule(steps)),
              trainer.history(),
              dir.resolve("losses.png"),
              true,
              0));
      if (trainer instanceof TranslationTrainer gpunit) {
        trainers.fitSampler(gpunit);
      }
      Path model = dir.resolve("model.safetensors");
      trainer.saveModel(model);
      double minutes = (System.nanoTime() - start) / 6e10;
      try (TranslationNetwork network = TranslationNetworks.load(model)) {
        results.add(evaluation.evaluate(architecture, network));
        INDArray codes =
            network.isMultimodal() ? network.sampleStyles(1, new SplitMix64(seed)) : null;
        rows.add(
            Images.toImages(network.translate(sources, codes == null ? null : repeat(codes, 8))));
      }
      System.out.printf(Locale.ROOT, "%s: %d steps in %.1f min%n", architecture, steps, minutes);
    }
    ImageGrid.builder().build().writeRows(rows, out.resolve("side_by_side.png"));
    EvaluationReport report = new EvaluationReport(results);
    report.write(out);
    System.out.println(report.table());
    System.out.println("rows of side_by_side.png: sources, then " + ARCHITECTURES);
  }

  private static PriorDistillation stage1(
      SyntheticPrior prior, int batch, long seed, long steps, Path dir) {
    return TrainingRuns.distil(
        prior,
        8,
        Math.max(1, batch / 2),
        seed,
        steps,
        dir.resolve("stage1-checkpoint.safetensors"),
        dir.resolve("stage1-losses.png"),
        true);
  }

  private static INDArray repeat(INDArray code, int n) {
    return code.repeat(0, n);
  }
}

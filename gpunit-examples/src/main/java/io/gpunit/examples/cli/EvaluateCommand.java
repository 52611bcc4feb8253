package io.gpunit.examples.cli;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.models.TranslationNetworks;
import io.gpunit.models.evaluation.Evaluation;
import io.gpunit.models.evaluation.EvaluationReport;
import io.gpunit.models.evaluation.EvaluationResult;
import io.gpunit.models.evaluation.HeldOutSet;
import io.gpunit.models.evaluation.JudgeQuality;
import io.gpunit.models.evaluation.SyntheticJudge;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gpunit evaluate}: scores trained models on held-out renders of the synthetic prior (see
 * {@link Evaluation}), prints the table and writes {@code evaluation.json} and {@code
 * evaluation.csv} into {@code --out}, with each model's translations of the first held-out images
 * ({@link io.gpunit.models.evaluation.HeldOutSet#grid}) to look at beside them. At 64² the judge is
 * the one that ships with the library; at other sizes it is trained once and cached ({@code
 * --judge-dir}, default {@code --out}).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Evaluate translation models on the synthetic prior (content IoU, accuracy, …).")
final class EvaluateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      description = "model file (.safetensors); repeat to compare several")
  private List<Path> models;

  @Option(names = "--seed", defaultValue = "0", description = "seed of the held-out set")
  private long seed;

  @Option(names = "--out", required = true, description = "folder for evaluation.json/.csv")
  private Path out;

  @Option(
      names = "--classes",
      defaultValue = "CAT,CAR",
      description = "domains A,B of the synthetic prior (default CAT,CAR)")
  private String classes;

  @Option(
      names = "--images",
      defaultValue = "100",
      description = "held-out images, at least 9 (default 100)")
  private int images;

  @Option(
      names = "--samples",
      defaultValue = "4",
      description = "sampled styles per content for multimodal models (default 4)")
  private int samples;

  @Option(
      names = "--judge-dir",
      description = "where a judge for sizes other than 64 is cached (default --out)")
  private Path judgeDir;

  private static final int GRID_SAMPLES = 2;

  @Option(names = "--verbose", description = "print stack traces of errors")
  private boolean verbose;

  @Override
  public Integer call() throws Exception {
    return BadInput.guard("evaluate", spec.commandLine().getErr(), verbose, this::evaluate);
  }

  private int evaluate() throws Exception {
    SyntheticClass[] domains = parseClasses(classes);
    int least = HeldOutSet.GRID_ROWS + HeldOutSet.GRID_EXEMPLARS;
    if (images < least) {
      throw new IllegalArgumentException(
          "--images must be at least " + least + " (the translation grid's), got " + images);
    }
    for (Path model : models) {
      if (!Files.isRegularFile(model)) {
        throw new IllegalArgumentException(model + ": no such model file");
      }
    }
    PrintWriter stdout = spec.commandLine().getOut();
    Map<Integer, Evaluation> bySize = new HashMap<>();
    List<EvaluationResult> results = new ArrayList<>();
    List<String> names = modelNames(models);
    for (int i = 0; i < models.size(); i++) {
      try (TranslationNetwork network = TranslationNetworks.load(models.get(i))) {
        Evaluation evaluation =
            bySize.computeIfAbsent(
                network.imageSize(), size -> evaluation(size, domains[0], domains[1], stdout));
        results.add(evaluation.evaluate(names.get(i), network));
        Path grid = out.resolve(gridName(names, i));
        evaluation.heldOut().grid(GRID_SAMPLES, seed).write(network, grid);
        stdout.println("wrote " + grid);
      }
    }
    EvaluationReport report = new EvaluationReport(results);
    stdout.print(report.table());
    report.write(out);
    stdout.println("wrote " + out.resolve(EvaluationReport.JSON) + " and " + EvaluationReport.CSV);
    stdout.flush();
    return 0;
  }

  /**
   * {@code translations.png}, or with several models {@code translations-NAME.png} ({@code
   * unit/model.safetensors} → {@code translations-unit_model.png}).
   */
  static String gridName(List<String> names, int i) {
    return names.size() == 1
        ? "translations.png"
        : "translations-"
            + names.get(i).replaceFirst("\\.safetensors$", "").replaceAll("[^A-Za-z0-9._-]", "_")
            + ".png";
  }

  private Evaluation evaluation(int size, SyntheticClass a, SyntheticClass b, PrintWriter stdout) {
    SyntheticJudge judge = SyntheticJudge.forImageSize(size, judgeDir == null ? out : judgeDir);
    JudgeQuality quality = judge.quality();
    stdout.printf(
        "judge (%s², %d steps): accuracy %.3f, mask IoU %.3f on %d held-out renders%n",
        size,
        judge.config().steps(),
        quality.accuracy(),
        quality.maskIou(),
        SyntheticJudge.QUALITY_IMAGES);
    return Evaluation.builder()
        .classes(a, b)
        .seed(seed)
        .images(images)
        .samplesPerContent(samples)
        .judge(judge)
        .build();
  }

  /**
   * The table's name of each model: its file name, or, where several models share one (every
   * trainer writes {@code model.safetensors}), its folder and file name.
   */
  static List<String> modelNames(List<Path> models) {
    Map<String, Long> counts =
        models.stream()
            .collect(Collectors.groupingBy(m -> m.getFileName().toString(), Collectors.counting()));
    return models.stream()
        .map(
            m -> {
              String file = m.getFileName().toString();
              Path parent = m.toAbsolutePath().getParent();
              return counts.get(file) == 1 || parent == null || parent.getFileName() == null
                  ? file
                  : parent.getFileName() + "/" + file;
            })
        .toList();
  }

  private static SyntheticClass[] parseClasses(String value) {
    String[] parts = value.split(",");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "--classes needs two classes A,B (e.g. CAT,CAR), got '" + value + "'");
    }
    return new SyntheticClass[] {
      SyntheticClass.byName(parts[0].trim()), SyntheticClass.byName(parts[1].trim())
    };
  }
}

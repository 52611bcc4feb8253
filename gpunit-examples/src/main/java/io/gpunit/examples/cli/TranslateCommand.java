package io.gpunit.examples.cli;

import io.gpunit.core.image.DecodeOptions;
import io.gpunit.core.image.ImageGrid;
import io.gpunit.core.image.Images;
import io.gpunit.core.image.TruncatedImageException;
import io.gpunit.core.image.ResizePolicy;
import io.gpunit.models.BatchReport;
import io.gpunit.models.FileFailure;
import io.gpunit.models.Translator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gpunit translate}: translates one image or every image of a folder, exemplar-guided
 * ({@code --style}) or with sampled styles ({@code --samples}). Writes each output PNG and one
 * overview grid per input (content, style if any, outputs). A folder is translated to its end: each
 * image that fails (unreadable, too large, truncated, non-finite output) is listed with its reason
 * at the end and makes the exit code 1, unless {@code --fail-fast} stops at the first.
 */
@Command(
    name = "translate",
    mixinStandardHelpOptions = true,
    description = "Translate images with a trained or converted model.")
final class TranslateCommand implements Callable<Integer> {

  private static final Set<String> IMAGE_SUFFIXES =
      Set.of("png", "jpg", "jpeg", "bmp", "gif", "wbmp");

  @Spec private CommandSpec spec;

  @Option(names = "--model", required = true, description = "converted model (.safetensors)")
  private Path model;

  @Option(names = "--content", required = true, description = "content image or folder of images")
  private Path content;

  @ArgGroup(exclusive = true)
  private StyleSource style = new StyleSource();

  static final class StyleSource {
    @Option(names = "--style", description = "exemplar style image")
    Path image;

    @Option(names = "--samples", description = "number of sampled styles (default 1)")
    Integer samples;
  }

  @Option(names = "--out", defaultValue = ".", description = "output folder (default: .)")
  private Path out;

  @Option(names = "--seed", defaultValue = "0", description = "seed of the sampled styles")
  private long seed;

  @Option(
      names = "--size",
      defaultValue = "0",
      description = "input image size (default: the size the model was trained at, else 256)")
  private int size;

  @Option(
      names = "--resize",
      defaultValue = "SQUASH",
      description = "SQUASH, CENTER_CROP or PAD (default SQUASH)")
  private ResizePolicy resize;

  @Option(
      names = "--max-pixels",
      defaultValue = "" + DecodeOptions.DEFAULT_MAX_PIXELS,
      description = "refuse images with more pixels than this (default ${DEFAULT-VALUE})")
  private long maxPixels;

  @Option(
      names = "--allow-truncated",
      description = "translate images whose data ends early (default: such a file fails)")
  private boolean allowTruncated;

  @Option(
      names = "--fail-fast",
      description = "stop at the first image that fails (default: do the rest, list failures)")
  private boolean failFast;

  @Option(names = "--verbose", description = "print stack traces of errors")
  private boolean verbose;

  @Override
  public Integer call() throws Exception {
    return BadInput.guard("translate", spec.commandLine().getErr(), verbose, this::translate);
  }

  private int translate() {
    int samples = style.samples == null ? 1 : style.samples;
    if (samples < 1) {
      throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("--max-pixels must be at least 1, got " + maxPixels);
    }
    // Everything that can be checked cheaply is, before the model loads or a folder is made.
    List<Path> inputs = inputs(content);
    Map<Path, String> stems = OutputNames.assign(inputs, stem -> outputNames(stem, samples));
    DecodeOptions decoding =
        DecodeOptions.DEFAULT.withMaxPixels(maxPixels).withAllowTruncated(allowTruncated);
    BufferedImage styleImage = style.image == null ? null : Images.readImage(style.image, decoding);
    OutputFolder folder = OutputFolder.prepare(out, "png");
    long start = System.nanoTime();
    int[] written = {0};
    BatchReport report;
    try (Translator translator =
            Translator.builder()
                .load(model)
                .imageSize(size)
                .resize(resize)
                .seed(seed)
                .maxPixels(maxPixels)
                .allowTruncated(allowTruncated)
                .build();
        ProgressBar bar =
            new ProgressBarBuilder()
                .setTaskName("translate")
                .setInitialMax(inputs.size())
                .build()) {
      report =
          translator.processFiles(
              inputs,
              failFast,
              (input, x) -> {
                List<BufferedImage> outputs =
                    styleImage != null
                        ? List.of(translator.translate(x, styleImage))
                        : translator.translateSamples(x, samples);
                int size = translator.imageSize();
                written[0] += write(stems.get(input), x, styleImage, outputs, size);
                bar.step();
              });
    } finally {
      folder.removeIfUnused();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        Locale.ROOT,
        "translated %d images in %.1f s (%.2f images/s)%n",
        written[0],
        seconds,
        written[0] / seconds);
    stdout.flush();
    return reportFailures(report, inputs.size());
  }

  /** One line per failed file, then how many; exit code 1 if any failed. */
  private int reportFailures(BatchReport report, int total) {
    if (report.allSucceeded()) {
      return 0;
    }
    PrintWriter err = spec.commandLine().getErr();
    for (FileFailure failure : report.failures()) {
      String hint =
          failure.error() instanceof TruncatedImageException
              ? " (--allow-truncated accepts it)"
              : "";
      err.println("gpunit translate: " + BadInput.oneLine(failure.toString()) + hint);
    }
    err.printf(
        Locale.ROOT, "gpunit translate: %d of %d images failed%n", report.failures().size(), total);
    err.flush();
    return BadInput.EXIT_BAD_INPUT;
  }

  private List<String> outputNames(String stem, int samples) {
    List<String> names = new ArrayList<>();
    if (style.image != null) {
      names.add(stem + "_translated.png");
    } else {
      for (int i = 0; i < samples; i++) {
        names.add(stem + "_sample" + i + ".png");
      }
    }
    names.add(stem + "_grid.png");
    return names;
  }

  /** Writes the outputs and the overview grid; the number of translations written. */
  private int write(
      String stem, BufferedImage x, BufferedImage y, List<BufferedImage> outputs, int size) {
    List<BufferedImage> inputRow = new ArrayList<>();
    inputRow.add(Images.toImage(resize.apply(Images.toTensor(x), size, size)));
    if (y != null) {
      inputRow.add(Images.toImage(resize.apply(Images.toTensor(y), size, size)));
    }
    List<String> names = outputNames(stem, outputs.size());
    for (int i = 0; i < outputs.size(); i++) {
      Images.writePng(outputs.get(i), out.resolve(names.get(i)));
    }
    ImageGrid.builder()
        .build()
        .writeRows(List.of(inputRow, outputs), out.resolve(stem + "_grid.png"));
    return outputs.size();
  }

  private static List<Path> inputs(Path content) {
    if (!Files.exists(content)) {
      throw new IllegalArgumentException("--content " + content + ": no such file or folder");
    }
    if (!Files.isDirectory(content)) {
      return List.of(content);
    }
    try (Stream<Path> files = Files.list(content)) {
      List<Path> images =
          files
              .filter(
                  p -> Files.isRegularFile(p) && IMAGE_SUFFIXES.contains(OutputNames.suffix(p)))
              .sorted()
              .toList();
      if (images.isEmpty()) {
        throw new IllegalArgumentException(
            content + ": no images (" + String.join(", ", IMAGE_SUFFIXES) + ") in this folder");
      }
      return images;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + content, e);
    }
  }
}

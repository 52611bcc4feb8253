package io.gpunit.examples.cli;

import io.gpunit.core.image.ImageGrid;
import io.gpunit.core.image.Images;
import io.gpunit.core.image.ResizePolicy;
import io.gpunit.models.Translator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * overview grid per input (content, style if any, outputs).
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

  @Option(names = "--verbose", description = "print stack traces of errors")
  private boolean verbose;

  @Override
  public Integer call() throws Exception {
    return BadInput.guard("translate", spec.commandLine().getErr(), verbose, this::translate);
  }

  private int translate() throws IOException {
    int samples = style.samples == null ? 1 : style.samples;
    if (samples < 1) {
      throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
    }
    List<Path> inputs = inputs(content);
    BufferedImage styleImage = style.image == null ? null : Images.readImage(style.image);
    Files.createDirectories(out);
    long start = System.nanoTime();
    int written = 0;
    try (Translator translator =
            Translator.builder().load(model).imageSize(size).resize(resize).seed(seed).build();
        ProgressBar bar =
            new ProgressBarBuilder()
                .setTaskName("translate")
                .setInitialMax(inputs.size())
                .build()) {
      for (Path input : inputs) {
        BufferedImage x = Images.readImage(input);
        List<BufferedImage> outputs =
            styleImage != null
                ? List.of(translator.translate(x, styleImage))
                : translator.translateMany(x, samples);
        written += write(stem(input), x, styleImage, outputs, translator.imageSize());
        bar.step();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "translated %d images in %.1f s (%.2f images/s)%n",
            written,
            seconds,
            written / seconds);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** Writes the outputs and the overview grid; the number of translations written. */
  private int write(
      String stem, BufferedImage x, BufferedImage y, List<BufferedImage> outputs, int size) {
    List<BufferedImage> inputRow = new ArrayList<>();
    inputRow.add(Images.toImage(resize.apply(Images.toTensor(x), size, size)));
    if (y != null) {
      inputRow.add(Images.toImage(resize.apply(Images.toTensor(y), size, size)));
    }
    for (int i = 0; i < outputs.size(); i++) {
      String name = y != null ? stem + "_translated.png" : stem + "_sample" + i + ".png";
      Images.writePng(outputs.get(i), out.resolve(name));
    }
    ImageGrid.builder()
        .build()
        .writeRows(List.of(inputRow, outputs), out.resolve(stem + "_grid.png"));
    return outputs.size();
  }

  private static List<Path> inputs(Path content) {
    if (!Files.isDirectory(content)) {
      return List.of(content);
    }
    try (Stream<Path> files = Files.list(content)) {
      List<Path> images =
          files
              .filter(p -> Files.isRegularFile(p) && IMAGE_SUFFIXES.contains(suffix(p)))
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

  private static String suffix(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String stem(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }
}

package io.gpunit.models;

import com.google.common.base.Preconditions;
import io.gpunit.core.image.AlphaPolicy;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.image.Images;
import io.gpunit.core.image.Resize;
import io.gpunit.core.image.ResizePolicy;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.core.weights.WeightFileException;
import io.gpunit.models.gpunit.GpUnitConfig;
import io.gpunit.models.gpunit.GpUnitGraph;
import io.gpunit.models.gpunit.GpUnitGraphOptions;
import io.gpunit.models.gpunit.OfficialCheckpoints;
import io.gpunit.models.gpunit.Sampler;
import io.gpunit.models.training.RandomArrays;
import io.gpunit.models.training.SplitMix64;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Translates images with a trained GP-UNIT model: exemplar-guided {@code G(E_c(x), E_s(y))},
 * latent-guided {@code G(E_c(x), T(z))} with {@code z ~ N(0, I)}, and interpolation between style
 * codes {@code G(E_c(x), (1 - t) s_a + t s_b)}.
 *
 * <pre>{@code
 * try (Translator translator = Translator.builder().load(Path.of("model.safetensors")).build()) {
 *   BufferedImage out = translator.translate(Images.readImage(Path.of("cat.jpg")),
 *       Images.readImage(Path.of("dog.jpg")));
 *   Images.writePng(out, Path.of("cat-as-dog.png"));
 * }
 * }</pre>
 *
 * <p>Images are brought to {@code imageSize²} with the {@link ResizePolicy} (default {@link
 * ResizePolicy#SQUASH}, as the official code); tensors given to {@link #translateTensor} have
 * their content resized with PyTorch's bilinear {@code align_corners=False}, which is what the
 * official content encoder does internally. Outputs are the generator's 256² images.
 *
 * <p>Sampled styles are a pure function of the seed: the i-th sampled style of every call is
 * {@code T(z_i)} with {@code z_0, z_1, …} drawn from {@link SplitMix64} seeded with {@code seed},
 * so {@link #translate(BufferedImage)} equals the first image of {@link #translateMany} (up to float
 * rounding, as BLAS may sum in another order for another batch size). The sampler
 * uses its running statistics by default, so a code does not depend on how many are drawn.
 *
 * <p>Thread-safe: graph executions are serialised on one graph. Close it to release the graph.
 */
public final class Translator implements AutoCloseable {

  /** Smallest and largest accepted {@code imageSize}. */
  public static final int MIN_IMAGE_SIZE = 8;

  public static final int MAX_IMAGE_SIZE = 4096;

  private static final List<String> PREFIXES =
      List.of(GpUnitConfig.CONTENT_ENCODER, GpUnitConfig.GENERATOR, GpUnitConfig.SAMPLER);

  private final GpUnitGraph graph;
  private final int imageSize;
  private final ResizePolicy resize;
  private final long seed;
  private final Sampler.Statistics samplerStatistics;
  private final String source;
  private boolean closed;

  private Translator(Builder b, GpUnitGraph graph) {
    this.graph = graph;
    this.imageSize = b.imageSize;
    this.resize = b.resize;
    this.seed = b.seed;
    this.samplerStatistics = b.samplerStatistics;
    this.source = b.source;
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- image level ------------------------------------------------------------------------------

  /** Exemplar-guided: {@code content} in the style of {@code style}. */
  public BufferedImage translate(BufferedImage content, BufferedImage style) {
    return Images.toImage(translateTensor(prepare(content, "content"), prepare(style, "style")));
  }

  /** Latent-guided: {@code content} in the seed's first sampled style. */
  public BufferedImage translate(BufferedImage content) {
    return translateMany(content, 1).get(0);
  }

  /** Latent-guided: {@code content} in the seed's first {@code n} sampled styles. */
  public List<BufferedImage> translateMany(BufferedImage content, int n) {
    Preconditions.checkArgument(n >= 1, "number of samples must be at least 1, got %s", n);
    INDArray x = prepare(content, "content");
    return Images.toImages(translateWithCodes(repeat(x, n), sampledStyleCodes(n)));
  }

  /** Latent-guided, each content in the seed's first sampled style (one batch). */
  public List<BufferedImage> translate(List<BufferedImage> contents) {
    Preconditions.checkArgument(
        contents != null && !contents.isEmpty(), "give at least one content image");
    List<INDArray> xs = new ArrayList<>(contents.size());
    for (int i = 0; i < contents.size(); i++) {
      xs.add(prepare(contents.get(i), "content image " + i));
    }
    INDArray code = sampledStyleCodes(1);
    return Images.toImages(
        translateWithCodes(Nd4j.concat(0, xs.toArray(INDArray[]::new)), repeat(code, xs.size())));
  }

  /**
   * {@code content} in {@code steps} styles linearly interpolated between the codes of {@code
   * styleA} and {@code styleB}: {@code s_t = (1 - t) s_a + t s_b}, {@code t = i / (steps - 1)}.
   */
  public List<BufferedImage> interpolate(
      BufferedImage content, BufferedImage styleA, BufferedImage styleB, int steps) {
    Preconditions.checkArgument(steps >= 2, "interpolation needs at least 2 steps, got %s", steps);
    INDArray a = styleCodeTensor(prepare(styleA, "style A"));
    INDArray b = styleCodeTensor(prepare(styleB, "style B"));
    INDArray codes = Nd4j.create(DataType.FLOAT, steps, a.size(1));
    for (int i = 0; i < steps; i++) {
      double t = (double) i / (steps - 1);
      codes.putRow(i, a.mul(1 - t).addi(b.mul(t)).reshape(a.size(1)));
    }
    return Images.toImages(translateWithCodes(repeat(prepare(content, "content"), steps), codes));
  }

  /** The style code {@code E_s(image)}, a {@code [styleDim]} vector. */
  public float[] styleCode(BufferedImage image) {
    return styleCodeTensor(prepare(image, "style")).toFloatVector();
  }

  // ---- tensor level -----------------------------------------------------------------------------

  /**
   * Exemplar-guided translation of {@code [N,3,H,W]} tensors in [-1, 1]: content resized to {@code
   * imageSize²} (bilinear, {@code align_corners=False}), style used as given; {@code [N,3,256,256]}.
   */
  public INDArray translateTensor(INDArray content, INDArray style) {
    checkImageBatch(content, "content");
    checkImageBatch(style, "style");
    Preconditions.checkArgument(
        content.size(0) == style.size(0),
        "content and style batches differ in size: %s vs %s",
        content.size(0),
        style.size(0));
    return run(
        Map.of(GpUnitGraph.CONTENT, toContentSize(content), GpUnitGraph.STYLE_IMAGE, toFloat(style)),
        GpUnitGraph.EXEMPLAR_TRANSLATION);
  }

  /** {@code [N,3,H,W]} content translated with given {@code [N, styleDim]} style codes. */
  public INDArray translateWithCodes(INDArray content, INDArray codes) {
    checkImageBatch(content, "content");
    long styleDim = graph.config().generator().styleDim();
    Preconditions.checkArgument(
        codes.rank() == 2 && codes.size(0) == content.size(0) && codes.size(1) == styleDim,
        "style codes must be [%s, %s], got %s",
        content.size(0),
        styleDim,
        Arrays.toString(codes.shape()));
    checkFinite(codes, "style codes");
    return run(
        Map.of(GpUnitGraph.CONTENT, toContentSize(content), GpUnitGraph.STYLE_CODE, toFloat(codes)),
        GpUnitGraph.CODE_TRANSLATION);
  }

  /** The seed's first {@code n} sampled style codes, {@code [n, styleDim]}. */
  public INDArray sampledStyleCodes(int n) {
    Preconditions.checkArgument(n >= 1, "number of samples must be at least 1, got %s", n);
    // Batch statistics need more than one code; the extra codes are drawn and dropped.
    int drawn = samplerStatistics == Sampler.Statistics.BATCH ? Math.max(n, 2) : n;
    long noiseDim = graph.config().sampler().noiseDim();
    INDArray z = RandomArrays.gaussian(new SplitMix64(seed), DataType.FLOAT, drawn, noiseDim);
    INDArray codes = run(Map.of(GpUnitGraph.NOISE, z), GpUnitGraph.SAMPLED_STYLE);
    return codes.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
  }

  private INDArray styleCodeTensor(INDArray style) {
    return run(Map.of(GpUnitGraph.STYLE_IMAGE, style), GpUnitGraph.ENCODED_STYLE);
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private INDArray run(Map<String, INDArray> placeholders, String output) {
    INDArray result;
    synchronized (graph) {
      Preconditions.checkState(!closed, "translator is closed");
      result = graph.output(placeholders, output).get(output).dup();
    }
    if (!Double.isFinite(result.sumNumber().doubleValue())) {
      throw new IllegalStateException(
          "the model (" + source + ") produced non-finite values for " + output);
    }
    return result;
  }

  private INDArray prepare(BufferedImage image, String what) {
    Objects.requireNonNull(image, what + " image");
    Preconditions.checkArgument(
        image.getWidth() > 0 && image.getHeight() > 0,
        "%s image has zero size %sx%s",
        what,
        image.getWidth(),
        image.getHeight());
    FloatImage f = Images.toFloatImage(image, AlphaPolicy.overWhite());
    return FloatImage.stack(List.of(resize.apply(f, imageSize, imageSize)));
  }

  private INDArray toContentSize(INDArray content) {
    INDArray x = toFloat(content);
    if (x.size(2) == imageSize && x.size(3) == imageSize) {
      return x;
    }
    return Resize.bilinear(x, imageSize, imageSize);
  }

  private static INDArray toFloat(INDArray x) {
    return x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT);
  }

  private static void checkImageBatch(INDArray x, String what) {
    Objects.requireNonNull(x, what);
    Preconditions.checkArgument(
        x.rank() == 4 && x.size(1) == 3 && x.size(0) > 0 && x.size(2) > 0 && x.size(3) > 0,
        "%s must be a non-empty [N,3,H,W] batch, got shape %s",
        what,
        Arrays.toString(x.shape()));
    checkFinite(x, what);
  }

  private static void checkFinite(INDArray x, String what) {
    Preconditions.checkArgument(
        Double.isFinite(x.sumNumber().doubleValue()), "%s contains NaN or infinite values", what);
  }

  private static INDArray repeat(INDArray one, int n) {
    return n == 1 ? one : Nd4j.concat(0, Collections.nCopies(n, one).toArray(INDArray[]::new));
  }

  public int imageSize() {
    return imageSize;
  }

  public long seed() {
    return seed;
  }

  /** The widths of the loaded model. */
  public GpUnitConfig config() {
    return graph.config();
  }

  @Override
  public void close() {
    synchronized (graph) {
      closed = true;
    }
  }

  /** Where the weights come from, the image size, resize policy, seed and sampler statistics. */
  public static final class Builder {

    private Supplier<TensorSource> weights;
    private String source;
    private int imageSize = 256;
    private ResizePolicy resize = ResizePolicy.SQUASH;
    private long seed = 0L;
    private Sampler.Statistics samplerStatistics = Sampler.Statistics.RUNNING;

    private Builder() {}

    /** A converted GP-UNIT model ({@code .safetensors} with {@code content_encoder.*}, …). */
    public Builder load(Path file) {
      Objects.requireNonNull(file, "file");
      this.source = file.toString();
      this.weights = () -> readFile(file);
      return this;
    }

    /**
     * The released PyTorch checkpoints as they are: {@code content_encoder.pt} and a task file such
     * as {@code cat2dog.pt} ({@code {"g_ema", "sampler"}}), read with a restricted unpickler that
     * never runs code from the files.
     */
    public Builder loadOfficial(Path contentEncoderPt, Path taskPt) {
      Objects.requireNonNull(contentEncoderPt, "contentEncoderPt");
      Objects.requireNonNull(taskPt, "taskPt");
      this.source = contentEncoderPt + " + " + taskPt;
      this.weights =
          () -> {
            requireFile(contentEncoderPt);
            requireFile(taskPt);
            try {
              return OfficialCheckpoints.read(contentEncoderPt, taskPt);
            } catch (UncheckedIOException | IllegalArgumentException e) {
              throw new ModelLoadException(source, e.getMessage(), e);
            }
          };
      return this;
    }

    /** A converted GP-UNIT model read from {@code url} when {@link #build} runs. */
    public Builder load(URL url) {
      Objects.requireNonNull(url, "url");
      this.source = url.toString();
      this.weights =
          () -> {
            try (InputStream in = url.openStream()) {
              return SafeTensors.read(in, url.toString());
            } catch (IOException e) {
              throw new ModelLoadException(url.toString(), "cannot read: " + e, e);
            }
          };
      return this;
    }

    /** A converted GP-UNIT model read from {@code in} (to its end, not closed) by {@link #build}. */
    public Builder load(InputStream in) {
      Objects.requireNonNull(in, "in");
      this.source = "<stream>";
      this.weights = () -> SafeTensors.read(in, "<stream>");
      return this;
    }

    /** Side of the square the images are brought to before encoding (default 256). */
    public Builder imageSize(int size) {
      this.imageSize = size;
      return this;
    }

    public Builder resize(ResizePolicy policy) {
      this.resize = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Seed of the sampled styles (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * {@link Sampler.Statistics#RUNNING} (default; codes independent of their batch) or {@link
     * Sampler.Statistics#BATCH} (what the official {@code inference.py} does).
     */
    public Builder samplerStatistics(Sampler.Statistics statistics) {
      this.samplerStatistics = Objects.requireNonNull(statistics, "statistics");
      return this;
    }

    /** Reads and checks the model and builds its graph. */
    public Translator build() {
      Preconditions.checkState(weights != null, "no model given: call load(...) first");
      Preconditions.checkArgument(
          imageSize >= MIN_IMAGE_SIZE && imageSize <= MAX_IMAGE_SIZE,
          "imageSize must be between %s and %s pixels, got %s",
          MIN_IMAGE_SIZE,
          MAX_IMAGE_SIZE,
          imageSize);
      TensorSource tensors;
      try {
        tensors = weights.get();
      } catch (WeightFileException e) {
        throw new ModelLoadException(
            source, "not a readable safetensors file: " + e.getMessage(), e);
      }
      checkKind(tensors);
      GpUnitGraphOptions options =
          GpUnitGraphOptions.DEFAULT
              .withContentSize(imageSize, imageSize)
              .withSamplerStatistics(samplerStatistics);
      GpUnitGraph graph;
      try {
        graph = GpUnitGraph.fromWeights(tensors, options);
      } catch (RuntimeException e) {
        throw new ModelLoadException(source, "not a loadable GP-UNIT model: " + e.getMessage(), e);
      }
      return new Translator(this, graph);
    }

    private static TensorSource readFile(Path file) {
      requireFile(file);
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".pt") || name.endsWith(".pth")) {
        throw new ModelLoadException(
            file.toString(),
            "official PyTorch checkpoints come in two files: use loadOfficial(content_encoder.pt,"
                + " task.pt), or convert them (gpunit convert)");
      }
      return SafeTensors.read(file);
    }

    private static void requireFile(Path file) {
      if (!Files.exists(file)) {
        throw new ModelLoadException(file.toString(), "no such file");
      }
      if (!Files.isRegularFile(file)) {
        throw new ModelLoadException(file.toString(), "not a regular file");
      }
    }

    private void checkKind(TensorSource tensors) {
      TreeSet<String> found = new TreeSet<>();
      for (String name : tensors.names()) {
        int dot = name.indexOf('.');
        found.add(dot < 0 ? name : name.substring(0, dot));
      }
      List<String> missing = new ArrayList<>();
      for (String prefix : PREFIXES) {
        if (!found.contains(prefix)) {
          missing.add(prefix + ".*");
        }
      }
      if (!missing.isEmpty()) {
        throw new ModelLoadException(
            source,
            "not a GP-UNIT model: no "
                + String.join(", ", missing)
                + " tensors (found top-level names "
                + found
                + "; expected content_encoder.*, g_ema.*, sampler.*)");
      }
    }
  }
}

package io.gpunit.models;

import com.google.common.base.Preconditions;
import io.gpunit.core.image.AlphaPolicy;
import io.gpunit.core.image.DecodeOptions;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.image.Images;
import io.gpunit.core.image.Resize;
import io.gpunit.core.image.ResizePolicy;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.core.weights.WeightFileException;
import io.gpunit.core.weights.torch.TorchCheckpoint;
import io.gpunit.models.gpunit.Sampler;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Translates images with a trained model: exemplar-guided {@code G(E_c(x), E_s(y))}, latent-guided
 * {@code G(E_c(x), T(z))} with {@code z ~ N(0, I)}, and interpolation between style codes {@code
 * G(E_c(x), (1 - t) s_a + t s_b)}. GP-UNIT and MUNIT models are multimodal; UNIT and CycleGAN
 * models take no style, so only {@link #translate(BufferedImage)} and {@link #translateBatch} apply
 * to them (the others throw {@link UnsupportedOperationException}).
 *
 * <pre>{@code
 * try (Translator translator = Translator.builder().load(Path.of("model.safetensors")).build()) {
 *   BufferedImage out = translator.translate(Images.readImage(Path.of("cat.jpg")),
 *       Images.readImage(Path.of("dog.jpg")));
 *   Images.writePng(out, Path.of("cat-as-dog.png"));
 * }
 * }</pre>
 *
 * <p>Images are brought to {@code imageSize²} (default: the size the model file says it was trained
 * at, else 256) with the {@link ResizePolicy} (default {@link ResizePolicy#SQUASH}, as the official
 * code); tensors given to {@link #translateTensor} are resized with PyTorch's bilinear {@code
 * align_corners=False}, which is what the official content encoder does internally.
 *
 * <p>Sampled styles are a pure function of the seed: the i-th sampled style of every call is {@code
 * T(z_i)} with {@code z_0, z_1, …} drawn from {@link SplitMix64} seeded with {@code seed}, so
 * {@link #translate(BufferedImage)} equals the first image of {@link #translateSamples} (up to
 * float rounding, as BLAS may sum in another order for another batch size). GP-UNIT's sampler uses
 * its running statistics by default, so a code does not depend on how many are drawn.
 *
 * <p>Bad input is refused with specific exceptions a service can map to 4xx answers: images above
 * the builder's {@link Builder#maxPixels pixel limit} with {@link
 * io.gpunit.core.image.ImageTooLargeException}, damaged files with {@link
 * io.gpunit.core.image.ImageReadException}, checkpoints above the storage budget with {@link
 * ModelTooLargeException}; a model that produces NaN throws {@link NonFiniteOutputException}.
 *
 * <p>Thread-safe: calls into the network are serialised. Close it to release the network.
 */
public final class Translator implements AutoCloseable {

  /** Smallest and largest accepted {@code imageSize}. */
  public static final int MIN_IMAGE_SIZE = 8;

  public static final int MAX_IMAGE_SIZE = 4096;

  private final TranslationNetwork network;
  private final int imageSize;
  private final ResizePolicy resize;
  private final long seed;
  private final String source;
  private final DecodeOptions decoding;
  private boolean closed;

  private Translator(Builder b, TranslationNetwork network) {
    this.network = network;
    this.imageSize = network.imageSize();
    this.resize = b.resize;
    this.seed = b.seed;
    this.source = b.model.description();
    this.decoding = b.decoding;
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- files ------------------------------------------------------------------------------------

  /** Handles one decoded file of {@link #processFiles}, e.g. translates and writes it. */
  @FunctionalInterface
  public interface FileAction {
    void accept(Path file, BufferedImage image) throws IOException;
  }

  /**
   * Decodes an image file within this translator's {@link Builder#maxPixels pixel limit} and {@link
   * Builder#allowTruncated truncation policy}.
   *
   * @throws io.gpunit.core.image.ImageTooLargeException if it has more pixels than allowed
   * @throws io.gpunit.core.image.ImageReadException if it is missing, damaged or truncated
   */
  public BufferedImage readImage(Path file) {
    return Images.readImage(file, decoding);
  }

  /**
   * Reads each file with {@link #readImage} and hands it to {@code action}. A file that cannot be
   * read, whose translation is not finite, or whose action fails with an I/O error is recorded in
   * the report and the batch goes on to the next; with {@code failFast} that first failure is
   * thrown instead. Other exceptions (bugs, a closed translator) end the batch.
   */
  public BatchReport processFiles(List<Path> files, boolean failFast, FileAction action) {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(action, "action");
    return FileBatch.run(files, failFast, this::readImage, action);
  }

  // ---- image level ------------------------------------------------------------------------------

  /** Exemplar-guided: {@code content} in the style of {@code style}. */
  public BufferedImage translate(BufferedImage content, BufferedImage style) {
    return Images.toImage(translateTensor(prepare(content, "content"), prepare(style, "style")));
  }

  /** Latent-guided: {@code content} in the seed's first sampled style. */
  public BufferedImage translate(BufferedImage content) {
    return translateSamples(content, 1).get(0);
  }

  /**
   * Latent-guided: {@code content} in the seed's first {@code n} sampled styles (unimodal models:
   * {@code n} must be 1).
   */
  public List<BufferedImage> translateSamples(BufferedImage content, int n) {
    Preconditions.checkArgument(n >= 1, "number of samples must be at least 1, got %s", n);
    if (!network.isMultimodal()) {
      Preconditions.checkArgument(
          n == 1, "a %s model has no styles to sample: ask for 1 output, not %s", kind(), n);
    }
    INDArray x = prepare(content, "content");
    return Images.toImages(translateWithCodes(repeat(x, n), sampledOrNone(n)));
  }

  /** Latent-guided, each content in the seed's first sampled style (one batch). */
  public List<BufferedImage> translateBatch(List<BufferedImage> contents) {
    Preconditions.checkArgument(
        contents != null && !contents.isEmpty(), "give at least one content image");
    List<INDArray> xs = new ArrayList<>(contents.size());
    for (int i = 0; i < contents.size(); i++) {
      xs.add(prepare(contents.get(i), "content image " + i));
    }
    INDArray code = sampledOrNone(1);
    return Images.toImages(
        translateWithCodes(
            Nd4j.concat(0, xs.toArray(INDArray[]::new)),
            code == null ? null : repeat(code, xs.size())));
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

  /** The style code {@code E_s(image)}, a {@code [styleDim]} vector (multimodal models). */
  public float[] styleCode(BufferedImage image) {
    return styleCodeTensor(prepare(image, "style")).toFloatVector();
  }

  // ---- tensor level -----------------------------------------------------------------------------

  /**
   * Exemplar-guided translation of {@code [N,3,H,W]} tensors in [-1, 1]: content resized to {@code
   * imageSize²} (bilinear, {@code align_corners=False}), style used as given, as the official style
   * encoder pools over whatever size it gets.
   */
  public INDArray translateTensor(INDArray content, INDArray style) {
    checkImageBatch(content, "content");
    checkImageBatch(style, "style");
    Preconditions.checkArgument(
        content.size(0) == style.size(0),
        "content and style batches differ in size: %s vs %s",
        content.size(0),
        style.size(0));
    return translateWithCodes(content, styleCodeTensor(toFloat(style)));
  }

  /**
   * {@code [N,3,H,W]} content translated with given {@code [N, styleDim]} style codes ({@code null}
   * for unimodal models).
   */
  public INDArray translateWithCodes(INDArray content, INDArray codes) {
    checkImageBatch(content, "content");
    if (network.isMultimodal()) {
      Objects.requireNonNull(codes, "style codes");
      Preconditions.checkArgument(
          codes.rank() == 2 && codes.size(0) == content.size(0) && codes.size(1) == styleDim(),
          "style codes must be [%s, %s], got %s",
          content.size(0),
          styleDim(),
          Arrays.toString(codes.shape()));
      checkFinite(codes, "style codes");
    } else {
      Preconditions.checkArgument(
          codes == null, "a %s model takes no style codes; pass null", kind());
    }
    INDArray x = toImageSize(content);
    INDArray s = codes == null ? null : toFloat(codes);
    return run("translation", () -> network.translate(x, s));
  }

  /** The seed's first {@code n} sampled style codes, {@code [n, styleDim]}. */
  public INDArray sampledStyleCodes(int n) {
    Preconditions.checkArgument(n >= 1, "number of samples must be at least 1, got %s", n);
    requireMultimodal("sampled styles");
    return run("sampled styles", () -> network.sampleStyles(n, new SplitMix64(seed)));
  }

  /** The first {@code n} sampled codes, or null for a unimodal model, which takes none. */
  private INDArray sampledOrNone(int n) {
    return network.isMultimodal() ? sampledStyleCodes(n) : null;
  }

  private INDArray styleCodeTensor(INDArray style) {
    requireMultimodal("exemplar styles");
    return run("style codes", () -> network.encodeStyle(style));
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private INDArray run(String what, Supplier<INDArray> call) {
    INDArray result;
    synchronized (network) {
      Preconditions.checkState(!closed, "translator is closed");
      result = call.get().dup();
    }
    if (!Double.isFinite(result.sumNumber().doubleValue())) {
      throw new NonFiniteOutputException(
          "the model (" + source + ") produced non-finite values for " + what);
    }
    return result;
  }

  private void requireMultimodal(String what) {
    if (!network.isMultimodal()) {
      throw new UnsupportedOperationException(
          "a " + kind() + " model is unimodal: it has no " + what + " (" + source + ")");
    }
  }

  private String kind() {
    return network.architecture();
  }

  private long styleDim() {
    return network.styleDim();
  }

  private INDArray prepare(BufferedImage image, String what) {
    Objects.requireNonNull(image, what + " image");
    Preconditions.checkArgument(
        image.getWidth() > 0 && image.getHeight() > 0,
        "%s image has zero size %sx%s",
        what,
        image.getWidth(),
        image.getHeight());
    // A decoded image can still be huge; its float copy would be 12 bytes a pixel.
    decoding.checkSize(what, image.getWidth(), image.getHeight());
    FloatImage f = Images.toFloatImage(image, AlphaPolicy.overWhite());
    return FloatImage.stack(List.of(resize.apply(f, imageSize, imageSize)));
  }

  private INDArray toImageSize(INDArray content) {
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

  /** The loaded network (its architecture, size and style dimension). */
  public TranslationNetwork network() {
    return network;
  }

  @Override
  public void close() {
    synchronized (network) {
      if (!closed) {
        closed = true;
        network.close();
      }
    }
  }

  /** Where the weights come from, the image size, resize policy, seed and sampler statistics. */
  public static final class Builder {

    private ModelSource model;
    private int imageSize;
    private ResizePolicy resize = ResizePolicy.SQUASH;
    private long seed = 0L;
    private Sampler.Statistics samplerStatistics = Sampler.Statistics.RUNNING;
    private DecodeOptions decoding = DecodeOptions.DEFAULT;
    private long maxCheckpointBytes = -1;

    private Builder() {}

    /**
     * A model file written by a gpunit trainer or converter ({@code .safetensors}; its metadata
     * names the architecture, a file without it is a converted GP-UNIT model).
     */
    public Builder load(Path file) {
      this.model = ModelSource.file(file);
      return this;
    }

    /**
     * The released PyTorch checkpoints as they are: {@code content_encoder.pt} and a task file such
     * as {@code cat2dog.pt} ({@code {"g_ema", "sampler"}}), read with a restricted unpickler that
     * never runs code from the files.
     */
    public Builder loadOfficial(Path contentEncoderPt, Path taskPt) {
      this.model =
          ModelSource.official(
              contentEncoderPt,
              taskPt,
              () ->
                  maxCheckpointBytes >= 0
                      ? maxCheckpointBytes
                      : TorchCheckpoint.defaultStorageBudget());
      return this;
    }

    /** A model file read from {@code url} when {@link #build} runs. */
    public Builder load(URL url) {
      this.model = ModelSource.url(url);
      return this;
    }

    /** A model file read from {@code in} (to its end, not closed) by {@link #build}. */
    public Builder load(InputStream in) {
      this.model = ModelSource.stream(in);
      return this;
    }

    /**
     * Side of the square the images are brought to (default: the size the model file says it was
     * trained at, else 256).
     */
    public Builder imageSize(int size) {
      this.imageSize = size;
      return this;
    }

    /**
     * Largest image, in pixels, that {@link Translator#readImage} decodes and the translate methods
     * accept (default {@link DecodeOptions#DEFAULT_MAX_PIXELS}); larger ones throw {@link
     * io.gpunit.core.image.ImageTooLargeException}.
     */
    public Builder maxPixels(long pixels) {
      this.decoding = decoding.withMaxPixels(pixels);
      return this;
    }

    /**
     * Whether {@link Translator#readImage} accepts files whose data ends early (default: refused).
     */
    public Builder allowTruncated(boolean allow) {
      this.decoding = decoding.withAllowTruncated(allow);
      return this;
    }

    /**
     * Most storage bytes one released {@code .pt} file may declare (default {@link
     * TorchCheckpoint#defaultStorageBudget()}); above it {@link #loadOfficial} fails with {@link
     * ModelTooLargeException} before inflating anything.
     */
    public Builder maxCheckpointBytes(long bytes) {
      Preconditions.checkArgument(bytes >= 0, "maxCheckpointBytes must be >= 0, got %s", bytes);
      this.maxCheckpointBytes = bytes;
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

    /** Reads and checks the model and builds its network. */
    public Translator build() {
      Preconditions.checkState(model != null, "no model given: call load(...) first");
      Preconditions.checkArgument(
          imageSize == 0 || (imageSize >= MIN_IMAGE_SIZE && imageSize <= MAX_IMAGE_SIZE),
          "imageSize must be between %s and %s pixels, got %s",
          MIN_IMAGE_SIZE,
          MAX_IMAGE_SIZE,
          imageSize);
      TensorSource tensors;
      try {
        tensors = model.read().get();
      } catch (WeightFileException e) {
        throw new ModelLoadException(
            model.description(), "not a readable safetensors file: " + e.getMessage(), e);
      }
      Map<String, String> meta =
          tensors instanceof SafeTensorsFile file ? file.metadata() : Map.of();
      TranslationNetwork network;
      try {
        network =
            TranslationNetworks.load(
                tensors,
                meta,
                TranslationNetworks.Options.DEFAULT
                    .withImageSize(imageSize)
                    .withSamplerStatistics(samplerStatistics));
      } catch (ModelLoadException e) {
        throw new ModelLoadException(model.description(), e.problem(), e.getCause());
      }
      return new Translator(this, network);
    }
  }
}

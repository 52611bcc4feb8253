package io.gpunit.spark;

import io.gpunit.core.image.AlphaPolicy;
import io.gpunit.core.image.DecodeOptions;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.image.Images;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.models.Translator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Translates one batch of input rows in one forward pass and returns one {@link TranslatedRows} row
 * for each: a row that cannot be checked, decoded or translated gets its reason in the error column
 * instead of failing the task. Images are prepared exactly as {@link Translator} prepares them
 * (alpha over white, resized by the policy), and each gets the style code a {@code Translator} with
 * the same seed or exemplar would use, so every output equals the single-JVM translation: with a
 * batch size of 1 that of {@code Translator.translate(image)} (and of {@code gpunit translate}),
 * with larger batches that of the Translator's batched calls, such as {@code translateBatch(List)}.
 */
final class BatchTranslator {

  private final Translator translator;
  private final String modelId;
  private final TranslateOptions options;
  private final String executor;

  /** The exemplar's {@code [1, styleDim]} code, or null for sampled styles. */
  private final INDArray exemplarCode;

  BatchTranslator(
      Translator translator, String modelId, TranslateOptions options, String executor) {
    this.translator = translator;
    this.modelId = modelId;
    this.options = options;
    this.executor = executor;
    this.exemplarCode = options.style().exemplarPath().map(this::exemplarCode).orElse(null);
  }

  private INDArray exemplarCode(String path) {
    BufferedImage style =
        Images.readImage(new ByteArrayInputStream(options.style().exemplarBytes()), path);
    return Nd4j.createFromArray(new float[][] {translator.styleCode(style)});
  }

  List<Row> translate(List<ImageInput> batch) {
    long started = System.currentTimeMillis();
    List<Slot> slots = new ArrayList<>(batch.size());
    List<Slot> good = new ArrayList<>(batch.size());
    for (ImageInput input : batch) {
      Slot slot = prepare(input);
      slots.add(slot);
      if (slot.error == null) {
        good.add(slot);
      }
    }
    if (!good.isEmpty()) {
      long t0 = System.nanoTime();
      forward(good);
      double share = (System.nanoTime() - t0) / 1e6 / good.size();
      for (Slot slot : good) {
        slot.translateMs = share;
        encode(slot);
      }
    }
    long finished = System.currentTimeMillis();
    List<Row> rows = new ArrayList<>(slots.size());
    for (Slot slot : slots) {
      rows.add(slot.toRow(started, finished));
    }
    return rows;
  }

  private Slot prepare(ImageInput input) {
    Slot slot = new Slot(input.path());
    long t0 = System.nanoTime();
    Optional<String> problem = ImageCheck.problem(input.bytes(), input.length(), options);
    if (problem.isPresent()) {
      slot.error = problem.get();
    } else {
      try {
        // The job's pixel limit, not the decoder's default: ImageCheck has passed the header.
        BufferedImage image =
            Images.readImage(
                new ByteArrayInputStream(input.bytes()),
                input.path(),
                DecodeOptions.DEFAULT.withMaxPixels(options.maxPixels()));
        FloatImage f = Images.toFloatImage(image, AlphaPolicy.overWhite());
        int size = translator.imageSize();
        slot.content = options.resize().apply(f, size, size);
        slot.seed = sampledSeed(input.path());
      } catch (RuntimeException e) {
        slot.error = e.getMessage();
      }
    }
    slot.decodeMs = (System.nanoTime() - t0) / 1e6;
    return slot;
  }

  /** The seed of the row's sampled style, or null when the style is an exemplar or none. */
  private Long sampledSeed(String path) {
    if (exemplarCode != null || !translator.network().isMultimodal()) {
      return null;
    }
    return StyleChoice.seedFor(options.seed(), path);
  }

  /** One forward pass for the batch; if it fails, one per image, so only the culprit is lost. */
  private void forward(List<Slot> good) {
    try {
      List<BufferedImage> outputs = run(good);
      for (int i = 0; i < good.size(); i++) {
        good.get(i).output = outputs.get(i);
      }
    } catch (RuntimeException batchFailure) {
      for (Slot slot : good) {
        try {
          slot.output = run(List.of(slot)).get(0);
        } catch (RuntimeException e) {
          slot.error = "translation failed: " + e.getMessage();
        }
      }
    }
  }

  private List<BufferedImage> run(List<Slot> slots) {
    List<FloatImage> contents = new ArrayList<>(options.batchSize());
    List<INDArray> codes = new ArrayList<>(options.batchSize());
    for (Slot slot : slots) {
      contents.add(slot.content);
      INDArray code = styleCode(slot);
      if (code != null) {
        codes.add(code);
      }
    }
    // Every forward pass has the full batch size, a short batch padded with copies of its last
    // image and style code: oneDNN's kernels round differently for different batch sizes (on AVX2
    // CPUs for any two sizes, on AVX-512 ones for one against two), so a row's output would
    // otherwise depend on how many rows its partition left for its batch.
    while (contents.size() < options.batchSize()) {
      contents.add(contents.get(contents.size() - 1));
      if (!codes.isEmpty()) {
        codes.add(codes.get(codes.size() - 1));
      }
    }
    INDArray batchCodes = codes.isEmpty() ? null : Nd4j.concat(0, codes.toArray(INDArray[]::new));
    List<BufferedImage> outputs =
        Images.toImages(translator.translateWithCodes(FloatImage.stack(contents), batchCodes));
    return outputs.subList(0, slots.size());
  }

  private INDArray styleCode(Slot slot) {
    if (exemplarCode != null) {
      return exemplarCode;
    }
    if (slot.seed == null) {
      return null;
    }
    // What Translator.sampledStyleCodes(1) computes for a translator built with this seed, under
    // the lock the Translator itself holds around its network.
    TranslationNetwork network = translator.network();
    synchronized (network) {
      return network.sampleStyles(1, new SplitMix64(slot.seed)).dup();
    }
  }

  private static void encode(Slot slot) {
    if (slot.output == null) {
      return;
    }
    long t0 = System.nanoTime();
    slot.png = png(slot.output);
    slot.output = null;
    slot.encodeMs = (System.nanoTime() - t0) / 1e6;
  }

  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer for image type " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** One row on its way through the batch. */
  private final class Slot {
    final String path;
    FloatImage content;
    Long seed;
    BufferedImage output;
    byte[] png;
    String error;
    double decodeMs;
    double translateMs;
    double encodeMs;

    Slot(String path) {
      this.path = path;
    }

    Row toRow(long started, long finished) {
      boolean ok = error == null;
      return RowFactory.create(
          path,
          ok ? png : null,
          ok ? options.style().exemplarPath().orElse(null) : null,
          ok ? seed : null,
          modelId,
          error,
          executor,
          decodeMs,
          translateMs,
          encodeMs,
          started,
          finished);
    }
  }
}

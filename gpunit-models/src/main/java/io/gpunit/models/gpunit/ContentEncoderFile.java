package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.core.weights.SafeTensorsWriter;
import io.gpunit.core.weights.WeightFileException;
import io.gpunit.models.ModelFile;
import io.gpunit.models.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stage-1 content encoder as stage 2 takes it: its tensors under the official {@code
 * content_encoder.pt} names and the resolution R it was distilled at (its code is (R/32)²). On
 * disk, a safetensors file with R in the metadata {@link ModelFile#CONTENT_RESOLUTION}; a file
 * without it (a converted {@code content_encoder.pt}) is at the official 256. A whole model's
 * tensors may be given too: those under {@code content_encoder.} are kept without the prefix, the
 * other networks' are dropped.
 *
 * @param weights the tensors, e.g. {@code layer1.0.conv.weight_orig}
 * @param resolution R, a multiple of 32
 */
public record ContentEncoderFile(Map<String, INDArray> weights, int resolution) {

  /** The bundled encoder's resource, next to this class. */
  static final String BUNDLED_RESOURCE = "content-encoder-synthetic.safetensors";

  /** Metadata keys of the bundled encoder's provenance: how it was trained and how well. */
  public static final String TRAINING = "gpunit.stage1.training";

  public static final String STEPS = "gpunit.stage1.steps";
  public static final String SECONDS = "gpunit.stage1.seconds";
  public static final String CORRESPONDENCE = "gpunit.stage1.correspondence";

  public ContentEncoderFile {
    Objects.requireNonNull(weights, "weights");
    weights = encoderTensors(weights);
    Preconditions.checkArgument(!weights.isEmpty(), "a content encoder needs its tensors");
    ContentEncoderConfig.checkResolution(resolution);
  }

  /** The content encoder's tensors of {@code all}, under {@code content_encoder.pt} names. */
  private static Map<String, INDArray> encoderTensors(Map<String, INDArray> all) {
    String prefix = GpUnitConfig.CONTENT_ENCODER + ".";
    Map<String, INDArray> local = new TreeMap<>();
    all.forEach(
        (name, tensor) -> {
          if (name.startsWith(prefix)) {
            local.put(name.substring(prefix.length()), tensor);
          } else if (!name.contains(".") || name.startsWith("layer")) {
            local.put(name, tensor);
          }
        });
    return Map.copyOf(local);
  }

  /**
   * Reads {@code file}.
   *
   * @throws WeightFileException if it is not a readable safetensors file
   * @throws ModelLoadException if its resolution is not a positive multiple of 32
   */
  public static ContentEncoderFile read(Path file) {
    SafeTensorsFile tensors = SafeTensors.read(file);
    Map<String, INDArray> weights = new TreeMap<>();
    tensors.names().forEach(name -> weights.put(name, tensors.get(name)));
    return new ContentEncoderFile(weights, resolution(tensors.metadata(), file.toString()));
  }

  /**
   * R as a file's {@code metadata} gives it ({@link ModelFile#CONTENT_RESOLUTION}), else the
   * official 256; also for whole model files, whose content encoder is stored the same way.
   *
   * @param source the file, for the message
   * @throws ModelLoadException if the value is not a positive multiple of 32
   */
  public static int resolution(Map<String, String> metadata, String source) {
    String value = metadata.get(ModelFile.CONTENT_RESOLUTION);
    if (value == null) {
      return ContentEncoderConfig.DEFAULT.resolution();
    }
    try {
      return ContentEncoderConfig.checkResolution(Integer.parseInt(value.trim()));
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(
          source,
          "metadata "
              + ModelFile.CONTENT_RESOLUTION
              + " must be a positive multiple of 32, got '"
              + value
              + "'",
          e);
    }
  }

  /** Writes the tensors and R to {@code file} (atomically: a temporary file, then a rename). */
  public void write(Path file) {
    write(file, Map.of());
  }

  /** Writes the tensors, R and {@code metadata} (e.g. {@link #TRAINING}) to {@code file}. */
  public void write(Path file, Map<String, String> metadata) {
    SafeTensorsWriter writer =
        SafeTensors.writer().metadata(ModelFile.CONTENT_RESOLUTION, Integer.toString(resolution));
    metadata.forEach(writer::metadata);
    writer.addAll(weights).write(file);
  }

  /**
   * The stage-1 encoder that ships with the library, as the official project ships its {@code
   * content_encoder.pt}: distilled once from same-latent pairs of every class of the synthetic
   * prior at 64² (widths 8, code 8², R 256; the recipe, steps, time and held-out correspondence are
   * in {@link #bundledMetadata()} and the README). The demo and {@code gpunit train --arch gpunit}
   * start stage 2 from it unless told otherwise.
   */
  public static ContentEncoderFile bundled() {
    SafeTensorsFile file = readBundled();
    Map<String, INDArray> weights = new TreeMap<>();
    file.names().forEach(name -> weights.put(name, file.get(name)));
    return new ContentEncoderFile(weights, resolution(file.metadata(), BUNDLED_RESOURCE));
  }

  /**
   * The bundled encoder's metadata: R and its provenance ({@link #TRAINING}, {@link #STEPS}, …).
   */
  public static Map<String, String> bundledMetadata() {
    return Map.copyOf(readBundled().metadata());
  }

  private static SafeTensorsFile readBundled() {
    try (InputStream in = ContentEncoderFile.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      Preconditions.checkState(
          in != null,
          "the bundled content encoder %s is missing from the classpath",
          BUNDLED_RESOURCE);
      return SafeTensors.read(in, BUNDLED_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled content encoder", e);
    }
  }
}

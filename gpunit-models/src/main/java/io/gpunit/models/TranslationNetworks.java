package io.gpunit.models;

import com.google.common.base.Preconditions;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.core.weights.WeightFileException;
import io.gpunit.models.cyclegan.CycleGanNetwork;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.GpUnitConfig;
import io.gpunit.models.gpunit.GpUnitGraphOptions;
import io.gpunit.models.gpunit.GpUnitNetwork;
import io.gpunit.models.gpunit.Sampler;
import io.gpunit.models.munit.MunitNetwork;
import io.gpunit.models.unit.UnitNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Opens a model file as the {@link TranslationNetwork} of its architecture, named by the file's
 * {@link ModelFile#ARCHITECTURE} metadata (a file without it is a converted GP-UNIT model).
 */
public final class TranslationNetworks {

  /** The architectures {@link #load} knows. */
  public static final List<String> ARCHITECTURES =
      List.of(ModelFile.GPUNIT, ModelFile.UNIT, ModelFile.CYCLEGAN, ModelFile.MUNIT);

  private static final List<String> GPUNIT_PREFIXES =
      List.of(GpUnitConfig.CONTENT_ENCODER, GpUnitConfig.GENERATOR, GpUnitConfig.SAMPLER);

  /** Default side for files that do not say at which size they were trained. */
  public static final int DEFAULT_IMAGE_SIZE = 256;

  /**
   * How to open a model: the side of its inputs ({@code 0}: the file's {@link
   * ModelFile#IMAGE_SIZE}, else {@value #DEFAULT_IMAGE_SIZE}) and, for GP-UNIT, the sampler's
   * normalisation statistics.
   */
  public record Options(int imageSize, Sampler.Statistics samplerStatistics) {

    public static final Options DEFAULT = new Options(0, Sampler.Statistics.RUNNING);

    public Options {
      Preconditions.checkArgument(imageSize >= 0, "imageSize must be >= 0, got %s", imageSize);
      Objects.requireNonNull(samplerStatistics, "samplerStatistics");
    }

    public Options withImageSize(int size) {
      return new Options(size, samplerStatistics);
    }

    public Options withSamplerStatistics(Sampler.Statistics statistics) {
      return new Options(imageSize, statistics);
    }
  }

  private TranslationNetworks() {}

  /** The model in {@code file} with the {@link Options#DEFAULT default options}. */
  public static TranslationNetwork load(Path file) {
    return load(file, Options.DEFAULT);
  }

  public static TranslationNetwork load(Path file, Options options) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(
          file.toString(), Files.exists(file) ? "not a regular file" : "no such file");
    }
    SafeTensorsFile weights;
    try {
      weights = SafeTensors.read(file);
    } catch (WeightFileException e) {
      throw new ModelLoadException(
          file.toString(), "not a readable safetensors file: " + e.getMessage(), e);
    }
    return load(weights, weights.metadata(), options);
  }

  /**
   * The model in {@code weights}, whose architecture and training size {@code metadata} names.
   *
   * @throws ModelLoadException when the architecture is unknown or the tensors do not fit it
   */
  public static TranslationNetwork load(
      TensorSource weights, Map<String, String> metadata, Options options) {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(options, "options");
    String architecture = metadata.getOrDefault(ModelFile.ARCHITECTURE, ModelFile.GPUNIT);
    int trained = trainedSize(weights, metadata);
    int size = options.imageSize() > 0 ? options.imageSize() : trained;
    try {
      switch (architecture) {
        case ModelFile.GPUNIT:
          requireGpUnitTensors(weights);
          // The content encoder keeps its stage-1 resolution R (inputs are resized to R²); a model
          // trained on S² images was trained with the generator stopping at S².
          GpUnitConfig config =
              GpUnitConfig.inferFrom(weights)
                  .withContentResolution(
                      ContentEncoderFile.resolution(metadata, weights.description()));
          return GpUnitNetwork.fromWeights(
              weights,
              config,
              GpUnitGraphOptions.DEFAULT
                  .withContentSize(size, size)
                  .withSamplerStatistics(options.samplerStatistics())
                  .withGeneratorScale(
                      GpUnitGraphOptions.scaleFor(trained, config.contentEncoder().codeSize())));
        case ModelFile.UNIT:
          return UnitNetwork.fromWeights(weights, size);
        case ModelFile.CYCLEGAN:
          return CycleGanNetwork.fromWeights(weights, size);
        case ModelFile.MUNIT:
          return MunitNetwork.fromWeights(weights, size);
        default:
          throw new ModelLoadException(
              weights.description(),
              "unknown architecture '" + architecture + "' (known: " + ARCHITECTURES + ")");
      }
    } catch (ModelLoadException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          weights.description(), "not a loadable " + architecture + " model: " + e.getMessage(), e);
    }
  }

  private static void requireGpUnitTensors(TensorSource weights) {
    TreeSet<String> found = new TreeSet<>();
    for (String name : weights.names()) {
      int dot = name.indexOf('.');
      found.add(dot < 0 ? name : name.substring(0, dot));
    }
    List<String> missing = new ArrayList<>();
    for (String prefix : GPUNIT_PREFIXES) {
      if (!found.contains(prefix)) {
        missing.add(prefix + ".*");
      }
    }
    if (!missing.isEmpty()) {
      throw new ModelLoadException(
          weights.description(),
          "not a GP-UNIT model: no "
              + String.join(", ", missing)
              + " tensors (found top-level names "
              + found
              + "; expected content_encoder.*, g_ema.*, sampler.*)");
    }
  }

  private static int trainedSize(TensorSource weights, Map<String, String> metadata) {
    String value = metadata.get(ModelFile.IMAGE_SIZE);
    if (value == null) {
      return DEFAULT_IMAGE_SIZE;
    }
    try {
      int size = Integer.parseInt(value.trim());
      Preconditions.checkArgument(size > 0);
      return size;
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(
          weights.description(),
          "metadata " + ModelFile.IMAGE_SIZE + " must be a positive integer, got '" + value + "'",
          e);
    }
  }
}

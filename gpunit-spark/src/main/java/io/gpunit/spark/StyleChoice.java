package io.gpunit.spark;

import com.google.common.base.Preconditions;
import io.gpunit.core.random.SplitMix64;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * The style of every row: one exemplar image (its bytes travel with the task closure), or a style
 * sampled per image from a seed that depends only on the job seed and the image's path, so a
 * retried task, a re-run or a single-JVM {@code Translator.builder().seed(seedFor(...))} draws the
 * same style.
 */
public final class StyleChoice implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String exemplarPath;
  private final byte[] exemplarBytes;

  private StyleChoice(String exemplarPath, byte[] exemplarBytes) {
    this.exemplarPath = exemplarPath;
    this.exemplarBytes = exemplarBytes;
  }

  /** A sampled style per image (multimodal models), or none (unimodal models). */
  public static StyleChoice sampled() {
    return new StyleChoice(null, null);
  }

  /** Every image in the style of this exemplar, named {@code path} in the output rows. */
  public static StyleChoice exemplar(String path, byte[] imageBytes) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(imageBytes, "imageBytes");
    Preconditions.checkArgument(imageBytes.length > 0, "exemplar %s is empty", path);
    return new StyleChoice(path, imageBytes.clone());
  }

  /** The seed of the sampled style of the image at {@code path} in a job seeded with {@code jobSeed}. */
  public static long seedFor(long jobSeed, String path) {
    return SplitMix64.derive(jobSeed, SplitMix64.key(path)).state();
  }

  public Optional<String> exemplarPath() {
    return Optional.ofNullable(exemplarPath);
  }

  byte[] exemplarBytes() {
    Preconditions.checkState(exemplarBytes != null, "no exemplar");
    return exemplarBytes;
  }

  @Override
  public String toString() {
    return exemplarPath == null ? "sampled" : "exemplar " + exemplarPath;
  }
}

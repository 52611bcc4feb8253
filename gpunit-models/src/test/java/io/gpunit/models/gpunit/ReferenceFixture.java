package io.gpunit.models.gpunit;

import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * One directory of reference outputs of the official GP-UNIT code (see the fixtures README): {@code
 * model.safetensors} (converted-checkpoint weights) and {@code reference.safetensors}
 * (discriminator weights {@code d.*}, inputs, outputs, debug values).
 */
public record ReferenceFixture(String name, Path dir) {

  /** System property naming one fixture directory (overrides the default search). */
  public static final String DIR_PROPERTY = "gpunit.reference.dir";

  /** System property naming one training fixture directory (overrides the default search). */
  public static final String TRAIN_DIR_PROPERTY = "gpunit.train.reference.dir";

  /** System property naming the shared fixtures root (set by Surefire). */
  public static final String ROOT_PROPERTY = "gpunit.fixtures.dir";

  @Override
  public String toString() {
    return name;
  }

  public SafeTensorsFile model() {
    return SafeTensors.read(dir.resolve("model.safetensors"));
  }

  public SafeTensorsFile reference() {
    return SafeTensors.read(dir.resolve("reference.safetensors"));
  }

  /** Graph options for this fixture's content size ({@code input.x}) and the official sampler. */
  public GpUnitGraphOptions graphOptions() {
    long[] x = reference().shape("input.x");
    return GpUnitGraphOptions.DEFAULT.withContentSize((int) x[2], (int) x[3]);
  }

  /**
   * Every fixture: the directory in {@value #DIR_PROPERTY} if set, else every sub-directory of
   * {@code <gpunit.fixtures.dir>/gpunit-reference} holding a {@code model.safetensors}. Fails
   * (never skips) when there is none.
   */
  public static List<ReferenceFixture> all() {
    return all(DIR_PROPERTY, "gpunit-reference");
  }

  /**
   * The training fixtures: the directory in {@value #TRAIN_DIR_PROPERTY} if set, else every
   * sub-directory of {@code <gpunit.fixtures.dir>/train-reference} holding a {@code
   * model.safetensors}. Fails (never skips) when there is none.
   */
  public static List<ReferenceFixture> training() {
    return all(TRAIN_DIR_PROPERTY, "train-reference");
  }

  private static List<ReferenceFixture> all(String dirProperty, String subdirectory) {
    String single = System.getProperty(dirProperty);
    if (single != null && !single.isBlank()) {
      Path dir = Paths.get(single).toAbsolutePath().normalize();
      requireFixture(dir, "-D" + dirProperty);
      return List.of(new ReferenceFixture(dir.getFileName().toString(), dir));
    }
    String root = System.getProperty(ROOT_PROPERTY);
    if (root == null || root.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + ROOT_PROPERTY
              + " is not set; run through Maven (Surefire sets it to ../shared/fixtures) or pass -D"
              + dirProperty
              + "=<fixture dir>");
    }
    Path base = Paths.get(root).resolve(subdirectory).toAbsolutePath().normalize();
    if (!Files.isDirectory(base)) {
      throw new IllegalStateException(
          "reference fixtures not found: "
              + base
              + " is not a directory ("
              + ROOT_PROPERTY
              + "="
              + root
              + ")");
    }
    List<ReferenceFixture> fixtures;
    try (Stream<Path> dirs = Files.list(base)) {
      fixtures =
          dirs.filter(d -> Files.isRegularFile(d.resolve("model.safetensors")))
              .sorted()
              .map(d -> new ReferenceFixture(d.getFileName().toString(), d))
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + base, e);
    }
    if (fixtures.isEmpty()) {
      throw new IllegalStateException("no fixture directory with a model.safetensors in " + base);
    }
    fixtures.forEach(f -> requireFixture(f.dir(), base.toString()));
    return fixtures;
  }

  private static void requireFixture(Path dir, String from) {
    for (String file : List.of("model.safetensors", "reference.safetensors")) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        throw new IllegalStateException(
            "fixture directory " + dir + " (from " + from + ") has no " + file);
      }
    }
  }
}

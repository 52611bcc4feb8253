package io.gpunit.models.gpunit;

import io.gpunit.core.weights.TensorSource;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * The names and shapes of the tensors in a weight file, read to infer a network's widths.
 *
 * <p>A converted official checkpoint carries no metadata, so every width is recovered from the
 * shape of a tensor that has it as one of its dimensions; a missing tensor or a wrong rank is
 * reported with the name that was looked for and why.
 */
public final class TensorShapes {

  private final TensorSource source;
  private final Set<String> names;

  private TensorShapes(TensorSource source) {
    this.source = source;
    this.names = new TreeSet<>(source.names());
  }

  /**
   * The shapes of the tensors in {@code source}, by full name ({@code
   * g_ema.model.5.rgblayer.weight}).
   */
  public static TensorShapes of(TensorSource source) {
    return new TensorShapes(Objects.requireNonNull(source, "source"));
  }

  /** Whether a tensor of that name exists. */
  public boolean has(String name) {
    return names.contains(name);
  }

  /**
   * Dimension {@code dim} of tensor {@code name}, which must exist with rank {@code rank}; {@code
   * purpose} says what the width is needed for, for the error message.
   */
  public long dim(String name, int rank, int dim, String purpose) {
    if (!has(name)) {
      throw new IllegalArgumentException(
          "cannot infer " + purpose + ": the weights have no tensor '" + name + "'");
    }
    long[] shape = source.shape(name);
    if (shape.length != rank) {
      throw new IllegalArgumentException(
          "cannot infer "
              + purpose
              + ": tensor '"
              + name
              + "' has shape "
              + Arrays.toString(shape)
              + ", expected rank "
              + rank);
    }
    return shape[dim];
  }

  /** {@link #dim} as an int. */
  public int width(String name, int rank, int dim, String purpose) {
    return Math.toIntExact(dim(name, rank, dim, purpose));
  }

  /**
   * The number of consecutive indices {@code i = start, start+step, ...} for which {@code name(i)}
   * exists.
   */
  public int count(IntFunction<String> name, int start, int step) {
    int n = 0;
    for (int i = start; has(name.apply(i)); i += step) {
      n++;
    }
    return n;
  }
}

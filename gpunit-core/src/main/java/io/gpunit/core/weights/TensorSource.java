package io.gpunit.core.weights;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Named tensors to load into a graph: a {@link SafeTensorsFile} or an in-memory map. Shapes are
 * known without materialising the data, so a load can be validated before anything is decoded.
 */
public interface TensorSource {

  /** Every tensor name. */
  List<String> names();

  /** The shape of tensor {@code name}. */
  long[] shape(String name);

  /** Tensor {@code name} as an ND4J array. */
  INDArray get(String name);

  /** What the tensors are, for error messages (a file's path). */
  default String description() {
    return "tensors";
  }

  /** A view of the tensors whose names {@code keep} accepts. */
  default TensorSource filter(Predicate<String> keep) {
    TensorSource all = this;
    List<String> kept = all.names().stream().filter(keep).toList();
    return new TensorSource() {
      @Override
      public List<String> names() {
        return kept;
      }

      @Override
      public long[] shape(String name) {
        return all.shape(name);
      }

      @Override
      public INDArray get(String name) {
        return all.get(name);
      }

      @Override
      public String description() {
        return all.description();
      }
    };
  }

  /** A source over {@code tensors} (the map is copied, the arrays are not). */
  static TensorSource of(Map<String, INDArray> tensors) {
    Map<String, INDArray> copy = Collections.unmodifiableMap(new TreeMap<>(tensors));
    copy.values().forEach(v -> Objects.requireNonNull(v, "null tensor"));
    return new TensorSource() {
      @Override
      public List<String> names() {
        return List.copyOf(copy.keySet());
      }

      @Override
      public long[] shape(String name) {
        return get(name).shape();
      }

      @Override
      public INDArray get(String name) {
        INDArray value = copy.get(name);
        if (value == null) {
          throw new IllegalArgumentException(
              "no tensor '" + name + "' among " + copy.size() + " tensors");
        }
        return value;
      }

      @Override
      public String description() {
        return "a map of " + copy.size() + " tensors";
      }

      @Override
      public String toString() {
        return "TensorSource" + Arrays.toString(copy.keySet().toArray());
      }
    };
  }
}

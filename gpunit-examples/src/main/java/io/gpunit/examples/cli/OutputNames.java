package io.gpunit.examples.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The name each input's outputs are written under: its file name without the extension ({@code
 * cat.jpg} gives {@code cat_grid.png}), or with the extension kept ({@code cat_jpg_grid.png}) when
 * two inputs share a stem, so no output silently replaces another. Inputs whose outputs still collide
 * are refused before anything is translated.
 */
final class OutputNames {

  private OutputNames() {}

  /**
   * @param outputs the file names written for a stem
   * @throws IllegalArgumentException naming two inputs whose outputs would collide
   */
  static Map<Path, String> assign(List<Path> inputs, Function<String, List<String>> outputs) {
    Map<String, Integer> stemCounts = new HashMap<>();
    for (Path input : inputs) {
      stemCounts.merge(key(stem(input)), 1, Integer::sum);
    }
    Map<Path, String> stems = new LinkedHashMap<>();
    Map<String, Path> writers = new HashMap<>();
    for (Path input : inputs) {
      String stem = stem(input);
      if (stemCounts.get(key(stem)) > 1) {
        stem = input.getFileName().toString().replace('.', '_');
      }
      for (String name : outputs.apply(stem)) {
        Path other = writers.putIfAbsent(key(name), input);
        if (other != null) {
          throw new IllegalArgumentException(
              other + " and " + input + " would both write " + name + "; rename one of them");
        }
      }
      stems.put(input, stem);
    }
    return stems;
  }

  /** Case-folded, so names that differ only in case collide too (as on macOS and Windows). */
  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  static String stem(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? name : name.substring(0, dot);
  }

  static String suffix(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}

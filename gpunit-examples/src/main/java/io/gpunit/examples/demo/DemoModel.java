package io.gpunit.examples.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The GP-UNIT model the teaching examples read: {@code -Dgpunit.model=FILE} if given, else the
 * demo's {@code demo-out/model.safetensors}, trained by running the {@link Demo} first if it is not
 * there yet (about 5 minutes on 2 CPU cores).
 */
public final class DemoModel {

  private DemoModel() {}

  /** The model file, training it with the demo's defaults if needed. */
  public static Path get() {
    String given = System.getProperty("gpunit.model");
    if (given != null) {
      Path file = Path.of(given);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("-Dgpunit.model=" + given + ": no such file");
      }
      return file;
    }
    Demo.Config config = Demo.Config.builder().build();
    Path model = config.out().resolve("model.safetensors");
    if (!Files.isRegularFile(model)) {
      System.out.println(model + " not found: running the demo first to train it");
      try {
        new Demo(config, new PrintWriter(System.out, true, StandardCharsets.UTF_8), true).run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return model;
  }
}

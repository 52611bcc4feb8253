package io.gpunit.examples.cli;

import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.models.gpunit.GpUnitConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gpunit info MODEL}: tensor count, networks (top-level prefixes) and inferred widths. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Describe a converted model file.")
final class InfoCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(index = "0", description = "converted model (.safetensors)")
  private Path model;

  @Option(names = "--verbose", description = "print stack traces of errors")
  private boolean verbose;

  @Override
  public Integer call() throws Exception {
    return BadInput.guard("info", spec.commandLine().getErr(), verbose, this::info);
  }

  private int info() {
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException(model + ": no such file");
    }
    SafeTensorsFile file = SafeTensors.read(model);
    Map<String, Integer> prefixes = new TreeMap<>();
    for (String name : file.names()) {
      int dot = name.indexOf('.');
      prefixes.merge(dot < 0 ? name : name.substring(0, dot), 1, Integer::sum);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(model + ": " + file.names().size() + " tensors");
    file.metadata().forEach((key, value) -> out.println("  " + key + " = " + value));
    prefixes.forEach((prefix, n) -> out.println("  " + prefix + ".*: " + n + " tensors"));
    if (prefixes
        .keySet()
        .containsAll(
            List.of(GpUnitConfig.CONTENT_ENCODER, GpUnitConfig.GENERATOR, GpUnitConfig.SAMPLER))) {
      GpUnitConfig config = GpUnitConfig.inferFrom(file);
      out.println("GP-UNIT widths:");
      out.println("  content encoder: " + config.contentEncoder());
      out.println("  generator:       " + config.generator());
      out.println("  sampler:         " + config.sampler());
    } else {
      out.println("not a GP-UNIT model (needs content_encoder.*, g_ema.*, sampler.*)");
    }
    out.flush();
    return 0;
  }
}

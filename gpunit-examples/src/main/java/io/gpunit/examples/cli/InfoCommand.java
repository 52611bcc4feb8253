package io.gpunit.examples.cli;

import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.models.gpunit.GpUnitConfig;
import io.gpunit.core.weights.torch.TorchCheckpoint;
import java.io.IOException;
import java.io.InputStream;
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
    description = "Describe a converted model file (or recognise a PyTorch .pt checkpoint).")
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

  private int info() throws IOException {
    if (Files.isDirectory(model)) {
      throw new IllegalArgumentException(model + ": is a folder, not a model file");
    }
    if (!Files.exists(model)) {
      throw new IllegalArgumentException(model + ": no such file");
    }
    if (isZip(model)) {
      return describeTorchCheckpoint();
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

  /** torch.save writes a ZIP; a converted model is safetensors, which never starts with "PK". */
  private static boolean isZip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }
  }

  /** Top-level entries and tensor count of a .pt, and how to convert it. */
  private int describeTorchCheckpoint() throws IOException {
    TorchCheckpoint checkpoint = TorchCheckpoint.read(model);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        model + ": a PyTorch checkpoint (torch.save), "
            + checkpoint.flatten().size() + " tensors; not a converted model");
    if (checkpoint.root() instanceof Map<?, ?> root) {
      out.println("  top-level entries: " + root.keySet());
    }
    out.println(
        "convert the released pair with: gpunit convert --content-encoder content_encoder.pt"
            + " --task <task>.pt <out>.safetensors");
    out.flush();
    return 0;
  }
}

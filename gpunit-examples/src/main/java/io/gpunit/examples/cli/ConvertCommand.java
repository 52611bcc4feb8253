package io.gpunit.examples.cli;

import io.gpunit.core.io.AtomicFiles;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsWriter;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.models.gpunit.GpUnitGraph;
import io.gpunit.models.gpunit.GpUnitGraphOptions;
import io.gpunit.models.gpunit.OfficialCheckpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gpunit convert --content-encoder content_encoder.pt --task cat2dog.pt OUT.safetensors}:
 * the released PyTorch checkpoints, read without running any code from them, as one converted file.
 * The weights are checked by building the GP-UNIT graph from them before anything is written.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = "Convert official GP-UNIT .pt checkpoints into one .safetensors model.")
final class ConvertCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--content-encoder",
      required = true,
      description = "the released content_encoder.pt")
  private Path contentEncoder;

  @Option(
      names = "--task",
      required = true,
      description = "a released task checkpoint, e.g. cat2dog.pt ({\"g_ema\", \"sampler\"})")
  private Path task;

  @Parameters(index = "0", description = "the .safetensors file to write")
  private Path out;

  @Option(names = "--verbose", description = "print stack traces of errors")
  private boolean verbose;

  @Override
  public Integer call() throws Exception {
    return BadInput.guard("convert", spec.commandLine().getErr(), verbose, this::convert);
  }

  private int convert() throws IOException {
    for (Path in : new Path[] {contentEncoder, task}) {
      if (!Files.isRegularFile(in)) {
        throw new IllegalArgumentException(
            in + (Files.isDirectory(in) ? ": is a folder, not a .pt file" : ": no such file"));
      }
    }
    if (Files.isDirectory(out)) {
      throw new IllegalArgumentException(
          out + ": is a folder; name the .safetensors file to write");
    }
    // What an earlier convert killed mid-write left beside the output.
    AtomicFiles.deleteStaleTemporaries(out);
    TensorSource tensors;
    try {
      tensors = OfficialCheckpoints.read(contentEncoder, task);
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    // Fails with every missing or mis-shaped key before a file is written.
    GpUnitGraph.fromWeights(tensors, GpUnitGraphOptions.DEFAULT);
    SafeTensorsWriter writer =
        SafeTensors.writer()
            .metadata("converted_from", contentEncoder.getFileName() + " + " + task.getFileName());
    for (String name : tensors.names()) {
      writer.add(name, tensors.get(name));
    }
    writer.write(out);
    spec.commandLine()
        .getOut()
        .println("wrote " + out + " (" + tensors.names().size() + " tensors)");
    return 0;
  }
}

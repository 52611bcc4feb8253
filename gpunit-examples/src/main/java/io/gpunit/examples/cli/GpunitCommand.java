package io.gpunit.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gpunit} command line: translate images, convert checkpoints, train and evaluate. */
@Command(
    name = "gpunit",
    mixinStandardHelpOptions = true,
    version = "gpunit 0.1.0",
    description = "Unsupervised image-to-image translation (GP-UNIT, UNIT, CycleGAN, MUNIT).",
    subcommands = {
      TranslateCommand.class,
      InfoCommand.class,
      ConvertCommand.class,
      EvaluateCommand.class,
      DemoCommand.class,
      TrainCommand.class
    })
public final class GpunitCommand implements Runnable {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.setOut(new Nd4jChatterFilter(System.out));
    System.exit(new CommandLine(new GpunitCommand()).execute(args));
  }
}

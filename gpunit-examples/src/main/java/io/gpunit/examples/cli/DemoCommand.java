package io.gpunit.examples.cli;

import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.examples.demo.Demo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gpunit demo}: GP-UNIT stage 1 + 2 on the synthetic prior, then grids and scores. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Train GP-UNIT (stage 1 and 2) on two classes of the built-in synthetic prior, then write"
          + " the model, translation grids, loss curves and the evaluation table."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--out",
      defaultValue = "demo-out",
      description = "output folder (default demo-out)")
  private Path out;

  @Option(names = "--source", defaultValue = "CAT", description = "source class (default CAT)")
  private SyntheticClass source;

  @Option(names = "--target", defaultValue = "CAR", description = "target class (default CAR)")
  private SyntheticClass target;

  @Option(names = "--size", defaultValue = "64", description = "image size (default 64)")
  private int size;

  @Option(
      names = "--stage1-steps",
      description = "stage-1 steps to distil a new content encoder (default 0: the bundled one)")
  private long stage1Steps = Demo.Config.builder().build().stage1Steps();

  @Option(names = "--stage2-steps", description = "stage-2 steps (default ${DEFAULT-VALUE})")
  private long stage2Steps = Demo.Config.builder().build().stage2Steps();

  @Option(names = "--seed", defaultValue = "1", description = "training seed (default 1)")
  private long seed;

  @Option(names = "--no-progress", description = "no progress bars (for logs)")
  private boolean noProgress;

  @Option(names = "--verbose", description = "print stack traces of errors")
  private boolean verbose;

  @Override
  public Integer call() throws Exception {
    return BadInput.guard("demo", spec.commandLine().getErr(), verbose, this::demo);
  }

  private int demo() throws Exception {
    Demo.Config config =
        Demo.Config.builder()
            .out(out)
            .classes(source, target)
            .size(size)
            .stage1Steps(stage1Steps)
            .stage2Steps(stage2Steps)
            .seed(seed)
            .build();
    new Demo(config, spec.commandLine().getOut(), !noProgress).run();
    return 0;
  }
}

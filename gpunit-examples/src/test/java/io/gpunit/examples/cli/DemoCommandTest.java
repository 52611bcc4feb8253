package io.gpunit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo itself runs for minutes; its full run is the README's main command (issue note). */
class DemoCommandTest {

  @Test
  void rejectsAPairOfOneClassAndSizesTheEncoderCannotTake() {
    Cli.Run same = Cli.gpunit("demo", "--source", "CAT", "--target", "CAT");
    assertThat(same.exit()).isEqualTo(1);
    assertThat(same.err()).contains("source and target must differ");

    Cli.Run small = Cli.gpunit("demo", "--size", "48");
    assertThat(small.exit()).isEqualTo(1);
    assertThat(small.err()).contains("multiple of 32 and at least 64");
  }

  @Test
  void isListedInTheUsage() {
    assertThat(Cli.gpunit("--help").out()).contains("demo", "train", "evaluate", "translate");
  }
}

package io.gpunit.models.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.models.training.checkpoint.Checkpoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

class EmaTest {

  @Test
  void averagesAsMovingAverageWithBetaAndKeepsARenamedCopy() {
    SameDiff sd = SameDiff.create();
    sd.var("g.w", Nd4j.createFromArray(1.0, -2.0));
    ParameterGroup g = ParameterGroup.of(sd, List.of("g.w"));
    Ema ema = Ema.builder().source(g).rename("g.", "g_ema.").beta(0.9).build();
    assertThat(ema.weights()).containsOnlyKeys("g_ema.w");

    double[] expected = {1.0, -2.0};
    double[][] trained = {{2.0, 0.0}, {3.0, 1.0}, {-1.0, 5.0}};
    for (double[] values : trained) {
      sd.getArrForVarName("g.w").assign(Nd4j.createFromArray(values));
      ema.update();
      for (int i = 0; i < 2; i++) {
        expected[i] = 0.9 * expected[i] + 0.1 * values[i];
      }
      double[] actual = ema.weights().get("g_ema.w").toDoubleVector();
      assertThat(actual[0]).isCloseTo(expected[0], within(1e-14));
      assertThat(actual[1]).isCloseTo(expected[1], within(1e-14));
    }
    // The network itself is untouched.
    assertThat(sd.getArrForVarName("g.w").toDoubleVector()).containsExactly(-1.0, 5.0);
  }

  @Test
  void smallBetaUsesTheOtherLerpBranchWithTheSameValue() {
    SameDiff sd = SameDiff.create();
    sd.var("g.w", Nd4j.createFromArray(4.0));
    Ema ema =
        Ema.builder()
            .source(ParameterGroup.of(sd, List.of("g.w")))
            .rename("g.", "e.")
            .beta(0.25)
            .build();
    sd.getArrForVarName("g.w").assign(8.0);
    ema.update();
    assertThat(ema.weights().get("e.w").getDouble(0)).isCloseTo(0.25 * 4 + 0.75 * 8, within(1e-15));
  }

  @Test
  void copiedBuffersFollowTheNetworkAndCheckpointsRoundTrip() {
    SameDiff sd = SameDiff.create();
    sd.var("g.w", Nd4j.createFromArray(1.0));
    sd.var("g.u", Nd4j.createFromArray(0.0, 1.0));
    Ema ema =
        Ema.builder()
            .source(ParameterGroup.of(sd, List.of("g.w")))
            .rename("g.", "g_ema.")
            .copyBuffers(List.of("g.u"))
            .build();
    sd.getArrForVarName("g.u").assign(Nd4j.createFromArray(0.6, 0.8));
    ema.update();
    assertThat(ema.weights().get("g_ema.u").toDoubleVector()).containsExactly(0.6, 0.8);

    Checkpoint.Builder b = Checkpoint.builder(1);
    ema.saveTo(b);
    Checkpoint checkpoint = b.build();
    sd.getArrForVarName("g.w").assign(100.0);
    ema.update();
    ema.loadFrom(checkpoint);
    assertThat(ema.weights().get("g_ema.w").getDouble(0)).isEqualTo(1.0);
  }

  @Test
  void rejectsNamesOutsideTheSourcePrefix() {
    SameDiff sd = SameDiff.create();
    sd.var("d.w", Nd4j.createFromArray(1.0));
    assertThatThrownBy(
            () ->
                Ema.builder()
                    .source(ParameterGroup.of(sd, List.of("d.w")))
                    .rename("g.", "g_ema.")
                    .build())
        .hasMessageContaining("'d.w' does not start with the source prefix 'g.'");
  }
}

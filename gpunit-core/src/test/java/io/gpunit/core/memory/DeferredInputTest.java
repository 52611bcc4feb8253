package io.gpunit.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A placeholder computed within the call from the call's own values ({@link DeferredInput}) gives
 * what feeding it, computed beforehand from a call of its own, gives: bit for bit, through the
 * session (first call) and replayed.
 */
class DeferredInputTest extends ReplayTesting {

  private static final List<String> WRT = List.of("w", "x");

  /**
   * y = tanh(conv(x, w)) and loss = Σ y ⊙ g + Σ y², with g a placeholder of y's shape: the shape of
   * GP-UNIT's content surrogate, whose g is computed outside the graph from ŷ.
   */
  private static SameDiff network() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, 8, 8);
    SDVariable w = sd.var("w", Nd4j.rand(DataType.FLOAT, 4, 3, 3, 3).subi(0.5));
    SDVariable y = sd.math().tanh(convolution(sd, x, w, 1)).rename("y");
    SDVariable g = sd.placeHolder("g", DataType.FLOAT, -1, 4, 8, 8);
    SDVariable loss = y.mul(g).sum().add(y.mul(y).sum()).rename("loss");
    sd.setLossVariables(loss);
    return sd;
  }

  /** g from y, as the content loss's gradient is from ŷ: a new array, y left as it was. */
  private static INDArray fromY(INDArray y) {
    return y.mul(y).subi(0.25);
  }

  @Test
  void aDeferredPlaceholderGivesTheValuesOfFeedingItComputedBeforehand() {
    SameDiff sd = network();
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8);
    INDArray y = viaSession(() -> sd.output(Map.of("x", x), "y")).get("y");
    OutAndGrad fed =
        viaSession(
            () ->
                Backprop.outputsAndGradients(
                    sd, Map.of("x", x, "g", fromY(y)), List.of("loss", "y"), WRT));

    List<INDArray> seen = new ArrayList<>();
    DeferredInput g =
        new DeferredInput(
            "g",
            List.of("y"),
            values -> {
              seen.add(values.get("y").dup());
              return fromY(values.get("y"));
            });
    Supplier<OutAndGrad> deferred =
        () -> Backprop.outputsAndGradients(sd, Map.of("x", x), List.of(g), List.of("loss"), WRT);
    List<OutAndGrad> calls = List.of(deferred.get(), deferred.get(), deferred.get());

    assertThat(Replay.replays(sd.getFunction("grad"))).as("replayed").isTrue();
    assertThat(seen).hasSize(calls.size()).allSatisfy(value -> assertThat(value).isEqualTo(y));
    for (OutAndGrad call : calls) {
      assertThat(call.getOutputs()).containsOnlyKeys("loss");
      assertThat(call.getOutputs().get("loss")).isEqualTo(fed.getOutputs().get("loss"));
      for (String name : WRT) {
        assertThat(call.getGradients().get(name)).as(name).isEqualTo(fed.getGradients().get(name));
      }
    }
  }

  @Test
  void withReplayOffTheSourcesAreComputedFirstInACallOfTheirOwn() {
    SameDiff sd = network();
    INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 8, 8);
    INDArray y = viaSession(() -> sd.output(Map.of("x", x), "y")).get("y");
    INDArray fed = viaSession(() -> sd.output(Map.of("x", x, "g", fromY(y)), "loss")).get("loss");
    DeferredInput g = new DeferredInput("g", List.of("y"), values -> fromY(values.get("y")));

    Map<String, INDArray> out =
        viaSession(() -> Sessions.output(sd, Map.of("x", x), List.of(g), "loss"));

    assertThat(out).containsOnlyKeys("loss");
    assertThat(out.get("loss")).isEqualTo(fed);
  }

  @Test
  void aDeferredInputIsNotComputedFromItself() {
    assertThatThrownBy(() -> new DeferredInput("g", List.of("g"), values -> null))
        .hasMessageContaining("'g'");
  }
}

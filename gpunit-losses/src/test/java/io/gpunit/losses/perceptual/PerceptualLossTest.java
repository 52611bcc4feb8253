package io.gpunit.losses.perceptual;

import static io.gpunit.losses.testing.LossChecks.assertGradientsMatchFiniteDifferences;
import static io.gpunit.losses.testing.LossChecks.assertNoGradient;
import static io.gpunit.losses.testing.LossChecks.eval;
import static io.gpunit.losses.testing.LossChecks.uniform;
import static io.gpunit.losses.testing.LossChecks.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.losses.Distance;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class PerceptualLossTest {

  private final INDArray pred = uniform(101, -1, 1, 2, 3, 2, 2);
  private final INDArray target = uniform(102, -1, 1, 2, 3, 2, 2);

  /** φ_id(x) = x and φ_tanh(x) = tanh(x). */
  private static final FeatureExtractor TOY =
      (scope, x) -> {
        Map<String, SDVariable> m = new LinkedHashMap<>();
        m.put("id", x);
        m.put("tanh", scope.sd().math().tanh(x));
        return m;
      };

  private static Scope scope(SameDiff sd) {
    return Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 1);
  }

  @Test
  void valueIsTheWeightedSumOfPerLayerDistances() {
    SameDiff sd = SameDiff.create();
    PerceptualLoss loss =
        PerceptualLoss.builder(TOY).layer("id", 0.3).layer("tanh", 2).distance(Distance.SQUARED).weight(4).build();
    SDVariable out = loss.apply(scope(sd), sd.var("p", pred), sd.var("t", target));
    double[] a = values(pred);
    double[] b = values(target);
    double id = 0;
    double th = 0;
    for (int i = 0; i < a.length; i++) {
      id += (a[i] - b[i]) * (a[i] - b[i]);
      double d = Math.tanh(a[i]) - Math.tanh(b[i]);
      th += d * d;
    }
    assertThat(eval(sd, out)).isCloseTo(4 * (0.3 * id + 2 * th) / a.length, within(1e-12));
  }

  @Test
  void gradientReachesThePredictionOnly() {
    SameDiff sd = SameDiff.create();
    SDVariable out =
        PerceptualLoss.builder(TOY).layer("id", 1).layer("tanh", 0.5).build().apply(scope(sd), sd.var("p", pred), sd.var("t", target));
    assertGradientsMatchFiniteDifferences(sd, out, "p");
    assertNoGradient(sd, out, "t");
  }

  private static TensorSource randomVgg(int convs) {
    Map<String, INDArray> w = new HashMap<>();
    int[][] shapes = {{64, 3}, {64, 64}, {128, 64}};
    int[] index = {0, 2, 5};
    for (int i = 0; i < convs; i++) {
      int out = shapes[i][0];
      int in = shapes[i][1];
      w.put("features." + index[i] + ".weight", uniform(200 + i, -0.1, 0.1, out, in, 3, 3));
      w.put("features." + index[i] + ".bias", uniform(300 + i, -0.05, 0.05, out));
    }
    return TensorSource.of(w);
  }

  @Test
  void vggPerceptualLossHasFrozenWeightsAndCorrectInputGradient() {
    SameDiff sd = SameDiff.create();
    Vgg19Features vgg = Vgg19Features.builder(randomVgg(3)).upTo("relu2_1").build();
    PerceptualLoss loss =
        PerceptualLoss.builder(vgg).layer("relu1_1", 0.3).layer("relu2_1", 0.3).build();
    SDVariable out =
        loss.apply(scope(sd).child("vgg"), sd.var("p", uniform(103, -1, 1, 1, 3, 4, 4)), sd.var("t", uniform(104, -1, 1, 1, 3, 4, 4)));
    assertThat(sd.getVariable("vgg.features.5.weight").getVariableType()).isEqualTo(VariableType.CONSTANT);
    io.gpunit.core.testing.GradientCheck.of(sd).wrt("p").maxEntriesPerVariable(12).check(out.name()).assertBelow(1e-5);
  }

  @Test
  void gpUnitPresetUsesFiveReluLayersAtPointThree() {
    PerceptualLoss loss = PerceptualLoss.gpUnit(TOY).build();
    assertThat(loss.layerWeights())
        .containsExactly(
            Map.entry("relu1_1", 0.3), Map.entry("relu2_1", 0.3), Map.entry("relu3_1", 0.3),
            Map.entry("relu4_1", 0.3), Map.entry("relu5_1", 0.3));
  }

  @Test
  void missingVggTensorIsNamed() {
    SameDiff sd = SameDiff.create();
    Vgg19Features vgg = Vgg19Features.builder(randomVgg(1)).upTo("relu1_2").build();
    SDVariable x = sd.var("x", uniform(105, -1, 1, 1, 3, 4, 4));
    assertThatThrownBy(() -> vgg.features(scope(sd), x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("features.2.weight");
  }

  @Test
  void unknownLayerIsRejectedWithTheAvailableOnes() {
    SameDiff sd = SameDiff.create();
    PerceptualLoss loss = PerceptualLoss.builder(TOY).layer("relu9_9", 1).build();
    assertThatThrownBy(() -> loss.apply(scope(sd), sd.var("p", pred), sd.var("t", target)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relu9_9")
        .hasMessageContaining("tanh");
  }
}

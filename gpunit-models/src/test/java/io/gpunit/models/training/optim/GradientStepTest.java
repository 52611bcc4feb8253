package io.gpunit.models.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.core.memory.SameDiffArrayCache;
import io.gpunit.core.nn.Init;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.models.training.checkpoint.GraphVariables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientStepTest {

  /**
   * loss = Σ g.w·x + 2·Σ d.w·x, so ∂loss/∂g.w = x; a counter buffer g.count counts the steps; the
   * "g" group therefore holds g.w only.
   */
  private static Scope graph() {
    Scope root = Scope.root(SameDiff.create(), Mode.TRAINING, DataType.DOUBLE, 1);
    SameDiff sd = root.sd();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 3);
    Scope g = root.child("g");
    SDVariable gw = g.param("w", new long[] {3}, Init.constant(1.0));
    SDVariable count = g.buffer("count", new long[] {}, Init.zeros());
    g.updateBuffer(count, count.add(1.0));
    SDVariable dw = root.child("d").param("w", new long[] {3}, Init.constant(-1.0));
    SDVariable gTerm = gw.mul(x).sum().rename("g_term");
    SDVariable dTerm = dw.mul(x).sum().mul(2.0).rename("d_term");
    gTerm.add(dTerm).rename("loss");
    gw.mul(2.0).rename("preview");
    return root;
  }

  @Test
  void updatesOnlyItsGroupAppliesBufferUpdatesAndReportsTheTerms() {
    Scope root = graph();
    SameDiff sd = root.sd();
    ParameterGroup g = ParameterGroup.withPrefix(root, "g.");
    assertThat(g.names()).containsExactly("g.w");
    double lr = 0.1;
    GradientStep step =
        GradientStep.builder()
            .optimizer(new Adam("g", AdamConfig.builder().lr(lr).build(), g))
            .loss("loss")
            .term("g", "g_term")
            .term("d", "d_term")
            .bufferUpdates(root.bufferUpdates())
            .output("preview")
            .build();
    INDArray x = Nd4j.createFromArray(0.5, -2.0, 3.0);

    GradientStep.Result result = step.run(Map.of("x", x));

    // Terms from the forward pass before the update: g.w = 1, d.w = -1.
    assertThat(result.losses()).containsOnlyKeys("g", "d");
    assertThat(result.losses().get("g")).isCloseTo(1.5, within(1e-12));
    assertThat(result.losses().get("d")).isCloseTo(-3.0, within(1e-12));
    assertThat(result.outputs().get("preview").toDoubleVector()).containsExactly(2.0, 2.0, 2.0);
    // First Adam step: w ← w − lr·x/(|x| + eps).
    double[] w = sd.getArrForVarName("g.w").toDoubleVector();
    assertThat(w[0]).isCloseTo(1 - lr * 0.5 / (0.5 + 1e-8), within(1e-12));
    assertThat(w[1]).isCloseTo(1 + lr * 2.0 / (2.0 + 1e-8), within(1e-12));
    assertThat(w[2]).isCloseTo(1 - lr * 3.0 / (3.0 + 1e-8), within(1e-12));
    assertThat(sd.getArrForVarName("d.w").toDoubleVector()).containsExactly(-1.0, -1.0, -1.0);
    assertThat(sd.getArrForVarName("g.count").getDouble(0)).isEqualTo(1.0);

    step.run(Map.of("x", x));
    assertThat(sd.getArrForVarName("g.count").getDouble(0)).isEqualTo(2.0);
    assertThat(sd.getArrForVarName("d.w").toDoubleVector()).containsExactly(-1.0, -1.0, -1.0);
  }

  @Test
  void parameterGroupsExcludeBuffersAndOtherNetworks() {
    Scope root = graph();
    assertThat(ParameterGroup.withPrefix(root, "").names()).containsExactly("d.w", "g.w");
    assertThat(ParameterGroup.withPrefix(root, "d.").names()).containsExactly("d.w");
    assertThat(GraphVariables.withPrefix(root, "g.").names()).containsExactly("g.count", "g.w");
    assertThatThrownBy(() -> ParameterGroup.withPrefix(root, "e."))
        .hasMessageContaining("no trainable variable whose name starts with 'e.'");
  }

  @Test
  void copyingAGroupIntoAnotherGraphMakesItComputeWithTheUpdatedWeights() {
    Scope first = graph();
    Scope second = graph();
    ParameterGroup g = ParameterGroup.withPrefix(first, "g.");
    GradientStep step =
        GradientStep.builder()
            .optimizer(new Adam("g", AdamConfig.builder().lr(0.5).build(), g))
            .loss("loss")
            .build();
    step.run(Map.of("x", Nd4j.createFromArray(1.0, 1.0, 1.0)));
    double[] updated = first.sd().getArrForVarName("g.w").toDoubleVector();
    assertThat(updated[0]).isCloseTo(0.5, within(1e-6));
    g.copyInto(second.sd());
    // The second graph computes with the updated weights: Σ g.w·x = 3·0.5.
    INDArray out =
        second
            .sd()
            .output(Map.of("x", Nd4j.createFromArray(1.0, 1.0, 1.0)), "g_term")
            .get("g_term");
    assertThat(out.getDouble(0)).isCloseTo(1.5, within(1e-6));
    assertThatThrownBy(() -> g.copyInto(SameDiff.create()))
        .hasMessageContaining("no variable 'g.w'");
  }

  @Test
  void rejectsAMissingLossVariable() {
    Scope root = graph();
    Adam adam = new Adam("g", AdamConfig.builder().build(), ParameterGroup.withPrefix(root, "g."));
    assertThatThrownBy(() -> GradientStep.builder().optimizer(adam).loss("nope").build())
        .hasMessageContaining("no loss variable 'nope'");
  }

  /**
   * SameDiff's session cache keeps the arrays a step releases (the control, with the cache left on
   * explicitly, shows that it does here); a trainer's steps run without it unless the JVM asks for
   * it.
   */
  @Test
  void stepsRunWithoutSameDiffsArrayCacheUnlessTheJvmAsksForIt() {
    String property = SameDiffArrayCache.PROPERTY;
    String before = System.getProperty(property);
    try {
      System.clearProperty(property);
      assertThat(cachedBytesAfterTwoSteps()).isZero();
      assertThat(System.getProperty(property)).isEqualTo("false");

      System.setProperty(property, "true");
      assertThat(cachedBytesAfterTwoSteps()).isPositive();
    } finally {
      if (before == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, before);
      }
    }
  }

  /** Bytes held by the array caches of every session of a fresh graph after two gradient steps. */
  private static long cachedBytesAfterTwoSteps() {
    Scope root = Scope.root(SameDiff.create(), Mode.TRAINING, DataType.FLOAT, 1);
    SameDiff sd = root.sd();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, 64, 64);
    SDVariable w = root.child("g").param("w", new long[] {64, 64}, Init.constant(1.0));
    SDVariable h = x.mul(w);
    h.mul(h).sum().rename("loss");
    GradientStep step =
        GradientStep.builder()
            .optimizer(
                new Adam("g", AdamConfig.builder().build(), ParameterGroup.withPrefix(root, "g.")))
            .loss("loss")
            .build();
    INDArray input = Nd4j.rand(DataType.FLOAT, 64, 64);
    step.run(Map.of("x", input));
    step.run(Map.of("x", input));
    List<SameDiff> graphs = new ArrayList<>();
    graphs.add(sd);
    sd.definedFunctionNames().forEach(name -> graphs.add(sd.getFunction(name)));
    long bytes = 0;
    for (SameDiff graph : graphs) {
      for (InferenceSession session : graph.getSessions().values()) {
        if (session.getMmgr() instanceof ArrayCacheMemoryMgr cache) {
          bytes += cache.getCurrentCacheSize();
        }
      }
    }
    return bytes;
  }
}

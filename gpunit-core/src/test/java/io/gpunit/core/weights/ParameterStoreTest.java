package io.gpunit.core.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.nn.Init;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ParameterStoreTest {

  private static final String WEIGHT = "net.conv.weight";
  private static final String BIAS = "net.conv.bias";
  private static final String MEAN = "net.norm.running_mean";

  /**
   * y = x · Wᵀ + b − running_mean, with W [2,3], b [2], running_mean [2] (a buffer) under scope
   * "net", a placeholder x and intermediate op outputs (which are not parameters).
   */
  private static SameDiff tinyGraph(long seed) {
    SameDiff sd = SameDiff.create();
    Scope net = Scope.root(sd, Mode.INFERENCE, seed).child("net");
    SDVariable w = net.child("conv").param("weight", new long[] {2, 3}, Init.uniform(1));
    SDVariable b = net.child("conv").param("bias", new long[] {2}, Init.uniform(1));
    SDVariable mean = net.child("norm").buffer("running_mean", new long[] {2}, Init.uniform(1));
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
    x.mmul(sd.transpose(w)).add(b).sub(mean).rename("y");
    return sd;
  }

  private static Map<String, INDArray> goodTensors() {
    Map<String, INDArray> t = new HashMap<>();
    t.put(WEIGHT, Nd4j.createFromArray(new double[][] {{1, 2, 3}, {-1, 0, 0.5}}));
    t.put(BIAS, Nd4j.createFromArray(0.25, -0.5));
    t.put(MEAN, Nd4j.createFromArray(1.0, 2.0));
    return t;
  }

  private static Map<String, INDArray> snapshot(SameDiff sd) {
    Map<String, INDArray> s = new HashMap<>();
    for (String name : List.of(WEIGHT, BIAS, MEAN)) {
      s.put(name, sd.getArrForVarName(name).dup());
    }
    return s;
  }

  @Test
  void coversTheParametersAndBuffersButNotPlaceholdersOrOpOutputs() {
    assertThat(ParameterStore.of(tinyGraph(1)).variableNames()).containsExactly(BIAS, WEIGHT, MEAN);
  }

  @Test
  void loadsEveryTensorConvertedToTheVariableTypeAndTheGraphUsesIt() {
    SameDiff sd = tinyGraph(1);

    LoadReport report = ParameterStore.of(sd).load(TensorSource.of(goodTensors()));

    assertThat(report.isComplete()).isTrue();
    assertThat(report.loaded()).hasSize(3);
    assertThat(sd.getArrForVarName(WEIGHT).dataType()).isEqualTo(DataType.FLOAT);
    assertThat(sd.getArrForVarName(WEIGHT).toFloatMatrix())
        .isEqualTo(new float[][] {{1, 2, 3}, {-1, 0, 0.5f}});
    // x = [1, 1, 1]: y0 = 1+2+3 + 0.25 - 1 = 5.25, y1 = -1+0+0.5 - 0.5 - 2 = -3.
    INDArray y =
        sd.output(Map.of("x", Nd4j.createFromArray(new float[][] {{1, 1, 1}})), "y").get("y");
    assertThat(y.toFloatMatrix()).isEqualTo(new float[][] {{5.25f, -3f}});
  }

  @Test
  void strictLoadReportsEveryMissingAndMisshapenKeyAtOnceAndChangesNothing() {
    SameDiff sd = tinyGraph(1);
    Map<String, INDArray> before = snapshot(sd);
    Map<String, INDArray> tensors = goodTensors();
    tensors.remove(MEAN);
    tensors.put(BIAS, Nd4j.createFromArray(1.0, 2.0, 3.0));

    assertThatThrownBy(() -> ParameterStore.of(sd).load(TensorSource.of(tensors)))
        .isInstanceOfSatisfying(
            WeightLoadException.class,
            e -> {
              assertThat(e.report().missing())
                  .containsExactly(new LoadReport.Missing(MEAN, List.of(2L)));
              assertThat(e.report().shapeMismatches())
                  .containsExactly(
                      new LoadReport.ShapeMismatch(BIAS, BIAS, List.of(3L), List.of(2L)));
            })
        .hasMessageContaining("2 problem(s)")
        .hasMessageContaining("missing: variable '" + MEAN + "' [2]")
        .hasMessageContaining("shape mismatch: key '" + BIAS + "' [3] vs variable '" + BIAS + "' [2]");
    assertThat(snapshot(sd)).isEqualTo(before);
  }

  @Test
  void strictLoadRejectsUnexpectedKeys() {
    SameDiff sd = tinyGraph(1);
    Map<String, INDArray> before = snapshot(sd);
    Map<String, INDArray> tensors = goodTensors();
    tensors.put("net.conv.weight_u", Nd4j.createFromArray(1f, 2f));

    assertThatThrownBy(() -> ParameterStore.of(sd).load(TensorSource.of(tensors)))
        .isInstanceOf(WeightLoadException.class)
        .hasMessageContaining("1 problem(s)")
        .hasMessageContaining("unexpected: key 'net.conv.weight_u' [2]");
    assertThat(snapshot(sd)).isEqualTo(before);
  }

  @Test
  void strictLoadRejectsTwoKeysMappedToOneVariable() {
    Map<String, INDArray> tensors = goodTensors();
    tensors.put("net.conv.b", Nd4j.createFromArray(0.0, 0.0));
    KeyMapping mapping = KeyMapping.builder().rename("net.conv.b", BIAS).build();

    assertThatThrownBy(() -> ParameterStore.of(tinyGraph(1)).load(TensorSource.of(tensors), mapping))
        .isInstanceOf(WeightLoadException.class)
        .hasMessageContaining("conflict: variable '" + BIAS + "'")
        .hasMessageContaining("net.conv.b");
  }

  @Test
  void loadsACheckpointLayoutThroughPrefixRenameAndIgnoreRules() {
    SameDiff sd = tinyGraph(1);
    Map<String, INDArray> checkpoint = new HashMap<>();
    checkpoint.put("g_ema.conv_0.weight", Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}));
    checkpoint.put("g_ema.conv_0.bias", Nd4j.createFromArray(7f, 8f));
    checkpoint.put("g_ema.norm.running_mean", Nd4j.createFromArray(9f, 10f));
    checkpoint.put("g_ema.norm.num_batches_tracked", Nd4j.scalar(4000L));
    checkpoint.put("sampler.fc.weight", Nd4j.createFromArray(1f));
    KeyMapping mapping =
        KeyMapping.builder()
            .stripPrefix("g_ema.")
            .ignore("*.num_batches_tracked")
            .renameRegex("^conv_(\\d+)\\.", "conv.")
            .addPrefix("net.")
            .build();

    LoadReport report = ParameterStore.of(sd).load(TensorSource.of(checkpoint), mapping);

    assertThat(report.ignored())
        .containsExactlyInAnyOrder("g_ema.norm.num_batches_tracked", "sampler.fc.weight");
    assertThat(report.loaded())
        .contains(new LoadReport.Binding("g_ema.conv_0.bias", BIAS));
    assertThat(sd.getArrForVarName(BIAS).toFloatVector()).containsExactly(7f, 8f);
    assertThat(sd.getArrForVarName(MEAN).toFloatVector()).containsExactly(9f, 10f);
    assertThat(sd.getArrForVarName(WEIGHT).getFloat(1, 2)).isEqualTo(6f);
  }

  @Test
  void lenientLoadAssignsWhatMatchesAndReportsTheRest() {
    SameDiff sd = tinyGraph(1);
    INDArray meanBefore = sd.getArrForVarName(MEAN).dup();
    Map<String, INDArray> tensors = goodTensors();
    tensors.remove(MEAN);
    tensors.put(BIAS, Nd4j.createFromArray(1.0, 2.0, 3.0));
    tensors.put("extra", Nd4j.createFromArray(1.0));

    LoadReport report =
        ParameterStore.of(sd).loadLenient(TensorSource.of(tensors), KeyMapping.identity());

    assertThat(report.isComplete()).isFalse();
    assertThat(report.loaded()).containsExactly(new LoadReport.Binding(WEIGHT, WEIGHT));
    assertThat(report.missing()).extracting(LoadReport.Missing::variable).containsExactly(MEAN);
    assertThat(report.shapeMismatches()).extracting(LoadReport.ShapeMismatch::key).containsExactly(BIAS);
    assertThat(report.unexpected()).extracting(LoadReport.Unexpected::key).containsExactly("extra");
    assertThat(sd.getArrForVarName(WEIGHT).getFloat(0, 2)).isEqualTo(3f);
    assertThat(sd.getArrForVarName(MEAN)).isEqualTo(meanBefore);
  }

  @Test
  void aScopedStoreExpectsOnlyThatScopesVariables() {
    SameDiff sd = tinyGraph(1);
    Map<String, INDArray> conv = new HashMap<>(goodTensors());
    conv.remove(MEAN);

    LoadReport report = ParameterStore.of(sd).under("net.conv").load(TensorSource.of(conv));

    assertThat(report.loaded()).hasSize(2);
    assertThat(ParameterStore.of(sd).under("net.conv").variableNames()).containsExactly(BIAS, WEIGHT);
  }

  @Test
  void exportSaveAndLoadIntoAFreshGraphReproducesEveryValue(@TempDir Path dir) {
    SameDiff trained = tinyGraph(1);
    SameDiff fresh = tinyGraph(2);
    assertThat(fresh.getArrForVarName(WEIGHT)).isNotEqualTo(trained.getArrForVarName(WEIGHT));
    Path path = dir.resolve("net.safetensors");

    ParameterStore.of(trained).save(path, KeyMapping.builder().stripPrefix("net.").addPrefix("g_ema.").build());
    SafeTensorsFile file = SafeTensors.read(path);
    ParameterStore.of(fresh)
        .load(file, KeyMapping.builder().stripPrefix("g_ema.").addPrefix("net.").build());

    assertThat(file.names())
        .containsExactlyInAnyOrder("g_ema.conv.weight", "g_ema.conv.bias", "g_ema.norm.running_mean");
    assertThat(file.info("g_ema.conv.weight").dtype()).isEqualTo(TensorDType.F32);
    assertThat(snapshot(fresh)).isEqualTo(snapshot(trained));
  }

  @Test
  void exportCopiesTheArraysAndAppliesTheMapping() {
    SameDiff sd = tinyGraph(1);

    Map<String, INDArray> exported =
        ParameterStore.of(sd).export(KeyMapping.builder().ignore("*.running_mean").build());
    exported.get(WEIGHT).assign(0);

    assertThat(exported.keySet()).containsExactly(BIAS, WEIGHT);
    assertThat(sd.getArrForVarName(WEIGHT).sumNumber().doubleValue()).isNotZero();
  }

  @Test
  void exportRejectsTwoVariablesMappedToOneKey() {
    KeyMapping collapse = KeyMapping.builder().renameRegex("\\.(weight|bias)$", ".p").build();

    assertThatThrownBy(() -> ParameterStore.of(tinyGraph(1)).export(collapse))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both export as 'net.conv.p'");
  }
}

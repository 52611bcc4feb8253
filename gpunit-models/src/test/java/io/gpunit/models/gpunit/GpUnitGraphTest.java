package io.gpunit.models.gpunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.nn.Layout;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.core.weights.WeightLoadException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class GpUnitGraphTest {

  private static final String MISSING = "g_ema.model.2.skiplayer.mask.bias";
  private static final String MISSHAPEN = "content_encoder.layer2.0.conv.bias";

  @Test
  void aMissingKeyAndAWrongShapeAreReportedTogether() {
    SafeTensorsFile model = ReferenceFixture.all().get(0).model();
    Map<String, INDArray> tensors = new TreeMap<>();
    for (String name : model.names()) {
      tensors.put(name, model.get(name));
    }
    tensors.remove(MISSING);
    long channels = tensors.get(MISSHAPEN).length();
    tensors.put(MISSHAPEN, Nd4j.zeros(channels + 1));

    assertThatThrownBy(() -> GpUnitGraph.fromWeights(TensorSource.of(tensors)))
        .isInstanceOf(WeightLoadException.class)
        .hasMessageContaining(MISSING)
        .hasMessageContaining(MISSHAPEN);
  }

  /** The latent-guided use of the official inference script: one content image, many styles. */
  @Test
  void oneContentWithManySampledStylesEqualsTheContentRepeated() {
    ReferenceFixture fixture = ReferenceFixture.all().get(0);
    GpUnitGraph graph = GpUnitGraph.fromWeights(fixture.model(), fixture.graphOptions());
    INDArray z = fixture.reference().getAsFloat("input.z");
    INDArray one = fixture.reference().getAsFloat("input.x").get(NDArrayIndex.interval(0, 1)).dup();
    INDArray repeated =
        Nd4j.concat(0, Collections.nCopies((int) z.size(0), one).toArray(INDArray[]::new));

    INDArray broadcast =
        graph
            .output(
                Map.of(GpUnitGraph.CONTENT, one, GpUnitGraph.NOISE, z),
                GpUnitGraph.LATENT_TRANSLATION)
            .get(GpUnitGraph.LATENT_TRANSLATION);
    INDArray explicit =
        graph
            .output(
                Map.of(GpUnitGraph.CONTENT, repeated, GpUnitGraph.NOISE, z),
                GpUnitGraph.LATENT_TRANSLATION)
            .get(GpUnitGraph.LATENT_TRANSLATION);

    assertThat(broadcast.shape()).containsExactly(z.size(0), 3, 256, 256);
    TensorComparison comparison = new TensorComparison();
    comparison.compare("broadcast", broadcast, explicit, TensorComparison.OUTPUT);
    assertThat(comparison.failures()).as(comparison.report()).isEmpty();
  }

  @Test
  void namedOutputsAreTheNetworksOutputs() {
    GpUnitConfig small =
        new GpUnitConfig(
            ContentEncoderConfig.builder().nef(4).build(),
            GeneratorConfig.builder().ngf(4).build(),
            SamplerConfig.DEFAULT);
    GpUnitGraph graph = GpUnitGraph.create(small, GpUnitGraphOptions.DEFAULT);
    assertThat(graph.sameDiff().hasVariable(GpUnitGraph.CONTENT_CODE)).isTrue();
    assertThat(graph.exemplar().image().name()).isEqualTo(GpUnitGraph.EXEMPLAR_TRANSLATION);
    assertThat(graph.latent().image().name()).isEqualTo(GpUnitGraph.LATENT_TRANSLATION);
    assertThat(graph.sameDiff().hasVariable("g_ema.model.1.skiplayer.mask.weight")).isTrue();
    assertThat(graph.sameDiff().hasVariable("sampler.bn2.running_var")).isTrue();
  }

  /**
   * The named outputs are NCHW and PyTorch's in either layout of the activations, through the
   * session (the first call) and through its replay (every later one).
   */
  @ParameterizedTest
  @EnumSource(Layout.class)
  void namedOutputsMatchTheReferenceInEachLayoutWhenReplayed(Layout layout) {
    ReferenceFixture fixture = ReferenceFixture.all().get(0);
    SafeTensorsFile reference = fixture.reference();
    GpUnitGraph graph =
        GpUnitGraph.fromWeights(fixture.model(), fixture.graphOptions().withLayout(layout));
    Map<String, INDArray> inputs =
        Map.of(
            GpUnitGraph.CONTENT, reference.getAsFloat("input.x"),
            GpUnitGraph.STYLE_IMAGE, reference.getAsFloat("input.y"));

    TensorComparison comparison = new TensorComparison();
    for (String call : List.of("first call", "replayed call")) {
      Map<String, INDArray> out =
          graph.output(inputs, GpUnitGraph.CONTENT_CODE, GpUnitGraph.EXEMPLAR_TRANSLATION);
      comparison.compare(
          layout + ", " + call + ": content code",
          out.get(GpUnitGraph.CONTENT_CODE),
          reference.getAsFloat("output.ec.layer6"),
          TensorComparison.OUTPUT);
      comparison.compare(
          layout + ", " + call + ": translation",
          out.get(GpUnitGraph.EXEMPLAR_TRANSLATION),
          reference.getAsFloat("output.g.out"),
          TensorComparison.OUTPUT);
    }
    assertThat(comparison.failures()).as(comparison.report()).isEmpty();
  }
}

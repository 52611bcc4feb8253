package io.gpunit.models.gpunit.stage1;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.testing.ReferenceOps;
import io.gpunit.models.gpunit.ContentFeatures;
import io.gpunit.models.gpunit.ConvBlock;
import io.gpunit.models.gpunit.FeatureStatistics;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class PriorAutoEncoderTest {

  /** The decoder reads the statistics of f1..f3 only, as the official one does. */
  private static final Pattern UNREAD_STYLE_LAYERS = Pattern.compile("styleE\\.layer[4-6]\\..*");

  @Test
  void styleStatisticsAreTheSpatialMeanAndUnbiasedStd() {
    INDArray f = ReferenceOps.random(7, 2, 3, 4, 5);
    SameDiff sd = SameDiff.create();
    FeatureStatistics stats = PriorStyleEncoder.statistics(sd.constant(f));
    Map<String, INDArray> out = sd.output(Map.of(), stats.mean().name(), stats.std().name());

    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
          for (int j = 0; j < 5; j++) {
            sum += f.getDouble(n, c, i, j);
          }
        }
        double mean = sum / 20;
        double squares = 0;
        for (int i = 0; i < 4; i++) {
          for (int j = 0; j < 5; j++) {
            squares += Math.pow(f.getDouble(n, c, i, j) - mean, 2);
          }
        }
        assertThat(out.get(stats.mean().name()).getDouble(n, c, 0, 0)).isCloseTo(mean, within());
        assertThat(out.get(stats.std().name()).getDouble(n, c, 0, 0))
            .isCloseTo(Math.sqrt(squares / 19), within());
      }
    }
  }

  /** The decoder's fine layers: {@code relu(IN(SN-conv(reflectpad(x)))·σ + μ)}, in plain loops. */
  @Test
  void modulatedBlockScalesNormalisedFeaturesByImageStatistics() {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 3L);
    INDArray x = ReferenceOps.random(1, 2, 3, 6, 6);
    INDArray mean = ReferenceOps.random(2, 2, 4, 1, 1);
    INDArray std = ReferenceOps.random(3, 2, 4, 1, 1).addi(1.5);
    SDVariable y =
        ConvBlock.of(3, 4, 3, 1, 1, ConvBlock.Norm.INSTANCE, Activation.relu())
            .apply(
                scope.child("block"),
                sd.constant(x),
                new FeatureStatistics(sd.constant(mean), sd.constant(std)));
    INDArray actual = sd.output(Map.of(), y.name()).get(y.name());

    INDArray w = sd.getVariable("block.conv.weight_orig").getArr();
    INDArray u = sd.getVariable("block.conv.weight_u").getArr();
    INDArray v = sd.getVariable("block.conv.weight_v").getArr();
    INDArray b = sd.getVariable("block.conv.bias").getArr();
    double sigma =
        u.mul(w.reshape(4, 27).mmul(v.reshape(27, 1)).reshape(4)).sumNumber().doubleValue();
    INDArray conv = ReferenceOps.conv2d(ReferenceOps.reflectPad(x, 1), w.div(sigma), b, 1, 1);
    INDArray expected =
        Transforms.relu(ReferenceOps.instanceNorm(conv, ConvBlock.EPS).mul(std).add(mean));

    assertThat(actual.shape()).containsExactly(2, 4, 6, 6);
    assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-10);
  }

  @Test
  void autoEncoderProducesImageMaskAndDomainLogitsOfTheOfficialShapes() {
    PriorAutoEncoderConfig config = PriorAutoEncoderConfig.builder().nf(2).classes(3).build();
    PriorAutoEncoder ae = new PriorAutoEncoder(config);
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, 5L);
    SDVariable x = sd.constant(ReferenceOps.random(4, 2, 3, 64, 64).castTo(DataType.FLOAT));
    SDVariable labels = sd.constant(Nd4j.createFromArray(2, 0));

    ContentFeatures content = ae.encodeContent(scope, x);
    List<FeatureStatistics> styles = ae.encodeStyle(scope, content.resized());
    PriorDecoder.Output decoded = ae.decode(scope, content.code(), styles, ae.embed(scope, labels));
    SDVariable logits = ae.classify(scope, content.code());
    Map<String, INDArray> out =
        sd.output(Map.of(), decoded.image().name(), decoded.mask().name(), logits.name());

    assertThat(out.get(decoded.image().name()).shape()).containsExactly(2, 3, 256, 256);
    assertThat(out.get(decoded.mask().name()).shape()).containsExactly(2, 3, 16, 16);
    assertThat(out.get(logits.name()).shape()).containsExactly(2, 3);
    assertThat(Transforms.abs(out.get(decoded.image().name())).maxNumber().doubleValue())
        .isLessThanOrEqualTo(1.0);
    assertThat(sd.hasVariable("contentE.layer6.1.conv.weight_orig")).isTrue();
    assertThat(sd.hasVariable("styleE.layer6.conv.weight_v")).isTrue();
    assertThat(sd.hasVariable("G.layer1.2.norm.style.weight")).isTrue();
    assertThat(sd.hasVariable("G.tomask.conv.bias")).isTrue();
    assertThat(sd.hasVariable("C.fc3.weight")).isTrue();
    assertThat(sd.hasVariable("fc.conv.weight_orig")).isTrue();
    assertThat(sd.getVariable("embed.weight").getShape()).containsExactly(3, 128);
  }

  /**
   * A stage-1 training graph differentiates end to end: every convolution and linear weight gets a
   * finite, non-zero gradient (biases right before an instance norm have none by construction, and
   * the style encoder's layers 4..6 feed statistics the decoder never reads).
   */
  @Test
  void everyWeightOfTheAutoEncoderReceivesAGradient() {
    PriorAutoEncoderConfig config =
        PriorAutoEncoderConfig.builder().nf(2).classes(3).codeSize(4).build();
    PriorAutoEncoder ae = new PriorAutoEncoder(config);
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.TRAINING, 6L);
    SDVariable x = sd.constant(ReferenceOps.random(8, 2, 3, 128, 128).castTo(DataType.FLOAT));
    ContentFeatures content = ae.encodeContent(scope, x);
    PriorDecoder.Output decoded =
        ae.decode(
            scope,
            content.code(),
            ae.encodeStyle(scope, x),
            ae.embed(scope, sd.constant(Nd4j.createFromArray(1, 2))));
    SDVariable loss =
        decoded
            .image()
            .mean()
            .add(decoded.mask().mean())
            .add(ae.classify(scope, content.code()).mean());
    loss.markAsLoss();

    List<String> weights =
        sd.variables().stream()
            .filter(v -> v.getVariableType() == VariableType.VARIABLE)
            .map(SDVariable::name)
            .filter(n -> !scope.buffers().contains(n) && !n.endsWith("conv.bias"))
            .filter(n -> !UNREAD_STYLE_LAYERS.matcher(n).matches())
            .toList();
    Map<String, INDArray> gradients = sd.calculateGradients(Map.of(), weights);

    assertThat(weights)
        .contains("contentE.layer1.0.conv.weight_orig", "G.layer1.0.norm.style.weight");
    for (String name : weights) {
      INDArray g = gradients.get(name);
      assertThat(g).as(name).isNotNull();
      assertThat(g.isNaN().any() || g.isInfinite().any()).as(name).isFalse();
      assertThat(g.amaxNumber().doubleValue()).as(name).isGreaterThan(0);
    }
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }
}

package io.gpunit.models.cyclegan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PatchDiscriminatorTest {

  private static Map<String, String> parameterShapes(SameDiff sd) {
    Map<String, String> out = new TreeMap<>();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE) {
        out.put(v.name(), java.util.Arrays.toString(v.getArr().shape()));
      }
    }
    return out;
  }

  @Test
  void officialLayoutHasTheNLayerDiscriminatorNamesAndShapes() {
    SameDiff sd = SameDiff.create();
    Scope root = Scope.root(sd, Mode.TRAINING, 0);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, 64, 64);
    PatchDiscriminator d = PatchDiscriminator.builder().ndf(2).build();
    SDVariable logits = d.apply(root.child("netD_A"), x);
    // n_layers 3, ndf 2: widths 2, 4, 8, 16, 1 at indices 0, 2, 5, 8, 11 of the official list.
    assertThat(parameterShapes(sd))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "netD_A.model.0.weight", "[2, 3, 4, 4]",
                "netD_A.model.0.bias", "[2]",
                "netD_A.model.2.weight", "[4, 2, 4, 4]",
                "netD_A.model.2.bias", "[4]",
                "netD_A.model.5.weight", "[8, 4, 4, 4]",
                "netD_A.model.5.bias", "[8]",
                "netD_A.model.8.weight", "[16, 8, 4, 4]",
                "netD_A.model.8.bias", "[16]",
                "netD_A.model.11.weight", "[1, 16, 4, 4]",
                "netD_A.model.11.bias", "[1]"));
    INDArray out =
        sd.output(Map.of("x", Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64)), logits.name())
            .get(logits.name());
    // 64 → 32 → 16 → 8 (stride 2) → 7 → 6 (stride 1).
    assertThat(out.shape()).containsExactly(2, 1, 6, 6);
    assertThat(d.outputSize(64)).isEqualTo(6);
  }

  @Test
  void outputSizeFollowsTheConvolutionArithmetic() {
    // The official 70×70 PatchGAN gives a 30×30 map at 256².
    assertThat(PatchDiscriminator.builder().build().outputSize(256)).isEqualTo(30);
    assertThat(PatchDiscriminator.builder().layers(2).build().outputSize(16)).isEqualTo(2);
    assertThat(PatchDiscriminator.builder().layers(3).build().outputSize(16)).isLessThan(1);
  }

  @Test
  void widthIsCappedAtEightTimesNdf() {
    SameDiff sd = SameDiff.create();
    Scope root = Scope.root(sd, Mode.TRAINING, 0);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, 64, 64);
    PatchDiscriminator.builder().ndf(1).layers(4).build().apply(root, x);
    // Widths 1, 2, 4, 8, min(16, 8) = 8: the last stride-1 layer stays at 8·ndf.
    assertThat(parameterShapes(sd)).containsEntry("model.11.weight", "[8, 8, 4, 4]");
    assertThat(parameterShapes(sd)).containsEntry("model.14.weight", "[1, 8, 4, 4]");
  }
}

package io.gpunit.models.baselines;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;

/** The parameter names and shapes PyTorch's state_dict has for the official networks.py modules. */
class OfficialNamesTest {

  private static List<String> parameters(SameDiff sd) {
    List<String> names = new ArrayList<>();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE) {
        names.add(v.name() + java.util.Arrays.toString(v.getArr().shape()));
      }
    }
    return names;
  }

  @Test
  void encoderAndInstanceNormDecoderMatchVaeGen() {
    SameDiff sd = SameDiff.create();
    Scope root = Scope.root(sd, Mode.TRAINING, 0);
    GeneratorShape shape = new GeneratorShape(2, 1, 1);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, 8, 8);
    SDVariable code = new ContentEncoder(shape).apply(root.child("enc"), x);
    new Decoder(shape, BlockNorm.INSTANCE).apply(root.child("dec"), code, null);
    assertThat(parameters(sd))
        .containsExactlyInAnyOrder(
            "enc.model.0.conv.weight[2, 3, 7, 7]",
            "enc.model.0.conv.bias[2]",
            "enc.model.1.conv.weight[4, 2, 4, 4]",
            "enc.model.1.conv.bias[4]",
            "enc.model.2.model.0.model.0.conv.weight[4, 4, 3, 3]",
            "enc.model.2.model.0.model.0.conv.bias[4]",
            "enc.model.2.model.0.model.1.conv.weight[4, 4, 3, 3]",
            "enc.model.2.model.0.model.1.conv.bias[4]",
            "dec.model.0.model.0.model.0.conv.weight[4, 4, 3, 3]",
            "dec.model.0.model.0.model.0.conv.bias[4]",
            "dec.model.0.model.0.model.1.conv.weight[4, 4, 3, 3]",
            "dec.model.0.model.0.model.1.conv.bias[4]",
            "dec.model.2.conv.weight[2, 4, 5, 5]",
            "dec.model.2.conv.bias[2]",
            "dec.model.2.norm.gamma[2]",
            "dec.model.2.norm.beta[2]",
            "dec.model.3.conv.weight[3, 2, 7, 7]",
            "dec.model.3.conv.bias[3]");
  }

  @Test
  void mlpMatchesTheOfficialLinearBlocks() {
    SameDiff sd = SameDiff.create();
    Scope root = Scope.root(sd, Mode.TRAINING, 0);
    SDVariable s = sd.placeHolder("s", DataType.FLOAT, -1, 8);
    Mlp.of(8, 16, 32, 3).apply(root.child("mlp"), s);
    assertThat(parameters(sd))
        .containsExactlyInAnyOrder(
            "mlp.model.0.fc.weight[32, 8]", "mlp.model.0.fc.bias[32]",
            "mlp.model.1.fc.weight[32, 32]", "mlp.model.1.fc.bias[32]",
            "mlp.model.2.fc.weight[16, 32]", "mlp.model.2.fc.bias[16]");
  }
}

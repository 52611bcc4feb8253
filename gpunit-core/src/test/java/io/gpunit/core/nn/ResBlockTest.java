package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.testing.GradientCheck;
import io.gpunit.core.testing.ReferenceOps;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ResBlockTest {

  @Test
  void addsTheNormalisedTwoConvolutionBranchToTheInput() {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 8).child("block");
    SDVariable y = ResBlock.builder(2).padMode(PadMode.REFLECT).build()
        .apply(scope, sd.placeHolder("x", DataType.DOUBLE, 1, 2, 4, 4));
    assertThat(sd.variables().stream().map(SDVariable::name).filter(n -> n.startsWith("block.")))
        .containsExactlyInAnyOrder("block.conv_0.weight", "block.conv_0.bias",
            "block.conv_1.weight", "block.conv_1.bias");
    INDArray x = ReferenceOps.random(3, 1, 2, 4, 4);
    INDArray h = ReferenceOps.conv2d(ReferenceOps.reflectPad(x, 1),
        sd.getVariable("block.conv_0.weight").getArr(), sd.getVariable("block.conv_0.bias").getArr(), 1, 1);
    h = ReferenceOps.map(ReferenceOps.instanceNorm(h, 1e-5), v -> Math.max(v, 0));
    h = ReferenceOps.conv2d(ReferenceOps.reflectPad(h, 1),
        sd.getVariable("block.conv_1.weight").getArr(), sd.getVariable("block.conv_1.bias").getArr(), 1, 1);
    INDArray expected = x.add(ReferenceOps.instanceNorm(h, 1e-5));
    assertThat(y.eval(Map.of("x", x)).equalsWithEps(expected, 1e-11)).isTrue();
  }

  @Test
  void affineNormsAreNamedNorm0AndNorm1() {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 8).child("block");
    ResBlock.builder(2).affine(true).build().apply(scope, sd.placeHolder("x", DataType.DOUBLE, 1, 2, 4, 4));
    assertThat(sd.hasVariable("block.norm_0.weight")).isTrue();
    assertThat(sd.hasVariable("block.norm_1.bias")).isTrue();
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 8).child("block");
    SDVariable y = ResBlock.builder(2).affine(true).build()
        .apply(scope, sd.var("x", ReferenceOps.random(1, 1, 2, 3, 3)));
    GradientCheck.of(sd).wrtAllVariables().maxEntriesPerVariable(10).check(y.name()).assertBelow(1e-6);
  }
}

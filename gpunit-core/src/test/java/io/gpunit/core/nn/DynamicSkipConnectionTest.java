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
import org.nd4j.linalg.factory.Nd4j;

class DynamicSkipConnectionTest {

  private static INDArray conv(SameDiff sd, String name, INDArray x) {
    return ReferenceOps.conv2d(ReferenceOps.reflectPad(x, 1),
        sd.getVariable("skip." + name + ".weight").getArr(),
        sd.getVariable("skip." + name + ".bias").getArr(), 1, 1);
  }

  @Test
  void gatesEncoderFeaturesIntoTheDecoderAsTheOfficialLayer() {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 6).child("skip");
    DynamicSkipConnection.Output o = DynamicSkipConnection.builder(1, 2).build().apply(scope,
        sd.placeHolder("fG", DataType.DOUBLE, 2, 2, 4, 4),
        sd.placeHolder("fE", DataType.DOUBLE, 2, 2, 4, 4),
        sd.placeHolder("h", DataType.DOUBLE, 2, 1, 2, 2));
    assertThat(sd.getVariable("skip.trans.weight").getArr().shape()).containsExactly(2, 1, 3, 3);
    assertThat(sd.getVariable("skip.update.weight").getArr().shape()).containsExactly(2, 4, 3, 3);
    assertThat(sd.hasVariable("skip.reset.bias") && sd.hasVariable("skip.mask.bias")).isTrue();

    INDArray fG = ReferenceOps.random(1, 2, 2, 4, 4);
    INDArray fE = ReferenceOps.random(2, 2, 2, 4, 4);
    INDArray h = ReferenceOps.random(3, 2, 1, 2, 2);
    INDArray hHat = ReferenceOps.map(conv(sd, "trans", ReferenceOps.upsampleNearest(h, 2)),
        v -> ReferenceOps.leakyRelu(v, 0.2));
    INDArray joint = Nd4j.concat(1, hHat, fE);
    INDArray r = ReferenceOps.map(conv(sd, "reset", joint), ReferenceOps::sigmoid);
    INDArray state = r.mul(hHat);
    INDArray m = ReferenceOps.map(conv(sd, "mask", joint), v -> Math.tanh(Math.max(v, 0)));
    INDArray fEHat = conv(sd, "update", Nd4j.concat(1, state, fE));
    INDArray out = m.rsub(1).mul(fG).add(m.mul(fEHat));

    Map<String, INDArray> result = sd.output(Map.of("fG", fG, "fE", fE, "h", h),
        o.out().name(), o.state().name(), o.mask().name());
    assertThat(result.get(o.out().name()).equalsWithEps(out, 1e-12)).isTrue();
    assertThat(result.get(o.state().name()).equalsWithEps(state, 1e-12)).isTrue();
    assertThat(result.get(o.mask().name()).equalsWithEps(m, 1e-12)).isTrue();
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 6).child("skip");
    // Biases shifted up so the mask's relu is active somewhere and its gradient is exercised.
    DynamicSkipConnection.Output o = DynamicSkipConnection.builder(1, 1).build().apply(scope,
        sd.var("fG", ReferenceOps.random(1, 1, 1, 4, 4)),
        sd.var("fE", ReferenceOps.random(2, 1, 1, 4, 4)),
        sd.var("h", ReferenceOps.random(3, 1, 1, 2, 2)));
    sd.getVariable("skip.mask.bias").getArr().addi(0.5);
    GradientCheck.of(sd).wrtAllVariables().maxEntriesPerVariable(4).check(o.out().name()).assertBelow(1e-6);
  }
}

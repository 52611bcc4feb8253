package io.gpunit.models.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.models.training.OfficialInit;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class OfficialInitTest {

  private static double std(INDArray w) {
    double[] v = w.castTo(DataType.DOUBLE).data().asDouble();
    double ss = 0;
    for (double e : v) {
      ss += e * e;
    }
    return Math.sqrt(ss / v.length);
  }

  @Test
  void kaimingForGeneratorsGaussianForDiscriminatorsZeroBiasesNormsUntouched() {
    SameDiff sd = SameDiff.create();
    Scope root = Scope.root(sd, Mode.TRAINING, 0);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 32, 8, 8);
    Conv2dBlock block = Conv2dBlock.builder(32, 64, 3).padding(1).norm(BlockNorm.LAYER).build();
    block.apply(root.child("gen_a").child("b"), x);
    block.apply(root.child("dis_a").child("b"), x);
    INDArray gamma = sd.getArrForVarName("gen_a.b.norm.gamma").dup();

    OfficialInit.KAIMING.apply(sd, "gen_", 7);
    OfficialInit.GAUSSIAN.apply(sd, "dis_", 7);

    // 64·32·9 = 18432 draws: the sample std is within 2% of the target.
    assertThat(std(sd.getArrForVarName("gen_a.b.conv.weight")))
        .isCloseTo(Math.sqrt(2.0 / (32 * 9)), within(0.02 * Math.sqrt(2.0 / (32 * 9))));
    assertThat(std(sd.getArrForVarName("dis_a.b.conv.weight"))).isCloseTo(0.02, within(0.0004));
    assertThat(sd.getArrForVarName("gen_a.b.conv.bias").amaxNumber().doubleValue()).isZero();
    assertThat(sd.getArrForVarName("dis_a.b.conv.bias").amaxNumber().doubleValue()).isZero();
    assertThat(sd.getArrForVarName("gen_a.b.norm.gamma")).isEqualTo(gamma);
  }
}

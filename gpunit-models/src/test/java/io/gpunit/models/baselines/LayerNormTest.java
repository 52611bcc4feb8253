package io.gpunit.models.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.training.random.RandomArrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class LayerNormTest {

  @Test
  void normalisesEachSampleByItsUnbiasedStdPlusEps() {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 0).child("norm");
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 2, 3, 3);
    sd.identity("y", LayerNorm.of(2).apply(scope, x));
    INDArray gamma = sd.getArrForVarName("norm.gamma");
    assertThat(gamma.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
    assertThat(gamma.maxNumber().doubleValue()).isLessThan(1.0);
    sd.getArrForVarName("norm.beta").assign(Nd4jArrays.of(0.25, -0.5));
    INDArray input = RandomArrays.gaussian(new SplitMix64(1), DataType.DOUBLE, 2, 2, 3, 3).muli(3);
    INDArray y = Inference.output(sd, Map.of("x", input), "y").get("y");

    double[] g = gamma.toDoubleVector();
    double[] b = {0.25, -0.5};
    for (int n = 0; n < 2; n++) {
      double[] v = input.slice(n).dup().data().asDouble();
      double mean = 0;
      for (double e : v) {
        mean += e / v.length;
      }
      double ss = 0;
      for (double e : v) {
        ss += (e - mean) * (e - mean);
      }
      double std = Math.sqrt(ss / (v.length - 1));
      for (int c = 0; c < 2; c++) {
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            double expected = (input.getDouble(n, c, i, j) - mean) / (std + 1e-5) * g[c] + b[c];
            assertThat(y.getDouble(n, c, i, j)).isCloseTo(expected, within(1e-9));
          }
        }
      }
    }
  }

  /** Small array helpers for the tests of this package. */
  static final class Nd4jArrays {
    static INDArray of(double... values) {
      return org.nd4j.linalg.factory.Nd4j.createFromArray(values);
    }
  }
}

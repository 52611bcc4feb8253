package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.testing.GradientCheck;
import io.gpunit.core.testing.ReferenceOps;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConvTranspose2dTest {

  /** PyTorch's definition: scatter every input pixel through W, then crop padding / extend. */
  private static INDArray naive(INDArray x, INDArray w, INDArray b, int s, int p, int op) {
    long k = w.size(2);
    long h = x.size(2);
    long wd = x.size(3);
    long fullH = (h - 1) * s + k;
    long fullW = (wd - 1) * s + k;
    INDArray full = Nd4j.zeros(DataType.DOUBLE, x.size(0), w.size(1), fullH + op, fullW + op);
    for (long n = 0; n < x.size(0); n++) {
      for (long c = 0; c < x.size(1); c++) {
        for (long o = 0; o < w.size(1); o++) {
          for (long i = 0; i < h; i++) {
            for (long j = 0; j < wd; j++) {
              for (long a = 0; a < k; a++) {
                for (long q = 0; q < k; q++) {
                  long[] at = {n, o, s * i + a, s * j + q};
                  full.putScalar(at, full.getDouble(at) + x.getDouble(n, c, i, j) * w.getDouble(c, o, a, q));
                }
              }
            }
          }
        }
      }
    }
    long outH = fullH - 2 * p + op;
    long outW = fullW - 2 * p + op;
    INDArray y = Nd4j.zeros(DataType.DOUBLE, x.size(0), w.size(1), outH, outW);
    for (long n = 0; n < y.size(0); n++) {
      for (long o = 0; o < y.size(1); o++) {
        for (long i = 0; i < outH; i++) {
          for (long j = 0; j < outW; j++) {
            y.putScalar(new long[] {n, o, i, j}, full.getDouble(n, o, i + p, j + p) + b.getDouble(o));
          }
        }
      }
    }
    return y;
  }

  private static void assertMatchesNaive(int stride, int padding, int outputPadding, long[] outShape) {
    ConvTranspose2d layer =
        ConvTranspose2d.builder(2, 3, 3).stride(stride).padding(padding).outputPadding(outputPadding).build();
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 1).child("up");
    SDVariable y = layer.apply(scope, sd.placeHolder("x", DataType.DOUBLE, 2, 2, 3, 4));
    INDArray x = ReferenceOps.random(2, 2, 2, 3, 4);
    INDArray w = sd.getVariable("up.weight").getArr();
    assertThat(w.shape()).containsExactly(2, 3, 3, 3);
    INDArray expected = naive(x, w, sd.getVariable("up.bias").getArr(), stride, padding, outputPadding);
    INDArray actual = y.eval(Map.of("x", x));
    assertThat(actual.shape()).containsExactly(outShape);
    assertThat(actual.equalsWithEps(expected, 1e-12)).isTrue();
  }

  @Test
  void stridedWithPaddingAndOutputPaddingMatchesPytorchDefinition() {
    // (3−1)·2 − 2 + 3 + 1 = 6, (4−1)·2 − 2 + 3 + 1 = 8
    assertMatchesNaive(2, 1, 1, new long[] {2, 3, 6, 8});
  }

  @Test
  void outputPaddingBeyondPaddingAddsBiasOnlyRows() {
    assertMatchesNaive(2, 0, 1, new long[] {2, 3, 8, 10});
  }

  @Test
  void unitStrideWithoutPaddingIsTheFullTransposedConvolution() {
    assertMatchesNaive(1, 0, 0, new long[] {2, 3, 5, 6});
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 1).child("up");
    SDVariable y =
        ConvTranspose2d.builder(2, 2, 3).stride(2).padding(1).outputPadding(1).build()
            .apply(scope, sd.var("x", ReferenceOps.random(3, 1, 2, 2, 3)));
    GradientCheck.of(sd).wrtAllVariables().maxEntriesPerVariable(24).check(y.name()).assertBelow(1e-6);
  }

  @Test
  void rejectsOutputPaddingNotBelowStride() {
    assertThatThrownBy(() -> ConvTranspose2d.builder(1, 1, 3).stride(2).outputPadding(2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outputPadding");
  }
}

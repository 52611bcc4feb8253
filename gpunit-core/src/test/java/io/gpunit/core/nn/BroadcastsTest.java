package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.testing.GradientCheck;
import io.gpunit.core.testing.ReferenceOps;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class BroadcastsTest {

  private static final long[] X = {2, 3, 4, 5};

  /**
   * The factor shapes the library multiplies by: per sample and channel, per channel, per pixel.
   */
  private static long[] factorShape(String kind) {
    return switch (kind) {
      case "sample-channel" -> new long[] {2, 3, 1, 1};
      case "channel" -> new long[] {1, 3, 1, 1};
      case "pixel" -> new long[] {2, 1, 4, 5};
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest
  @CsvSource({
    "sample-channel, TRAINING",
    "channel, TRAINING",
    "pixel, TRAINING",
    "sample-channel, INFERENCE",
    "pixel, INFERENCE"
  })
  void multipliesEveryEntryByItsBroadcastFactor(String kind, Mode mode) {
    long[] fs = factorShape(kind);
    INDArray x = ReferenceOps.random(1, X);
    INDArray f = ReferenceOps.random(2, fs);
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, mode, 0);
    SDVariable y = Broadcasts.multiply(scope, sd.constant("x", x), sd.constant("f", f));
    INDArray out = y.eval();
    assertThat(out.shape()).containsExactly(X);
    for (long n = 0; n < X[0]; n++) {
      for (long c = 0; c < X[1]; c++) {
        for (long h = 0; h < X[2]; h++) {
          for (long w = 0; w < X[3]; w++) {
            double factor =
                f.getDouble(
                    fs[0] == 1 ? 0 : n, fs[1] == 1 ? 0 : c, fs[2] == 1 ? 0 : h, fs[3] == 1 ? 0 : w);
            assertThat(out.getDouble(n, c, h, w)).isEqualTo(x.getDouble(n, c, h, w) * factor);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sample-channel", "channel", "pixel"})
  void gradientsMatchFiniteDifferences(String kind) {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", ReferenceOps.random(3, X));
    SDVariable f = sd.var("f", ReferenceOps.random(4, factorShape(kind)));
    SDVariable y = Broadcasts.multiply(Scope.root(sd, Mode.TRAINING, 0), x, f);
    GradientCheck.of(sd).wrt("x", "f").check(y.name()).assertBelow(1e-6);
  }

  /** The speed-up changes no number: the same gradients as the plain product, in float32 too. */
  @ParameterizedTest
  @ValueSource(strings = {"sample-channel", "channel", "pixel"})
  void gradientsEqualThoseOfThePlainProductBitForBit(String kind) {
    INDArray x = ReferenceOps.random(5, X).castTo(DataType.FLOAT);
    INDArray f = ReferenceOps.random(6, factorShape(kind)).castTo(DataType.FLOAT);
    INDArray r = ReferenceOps.random(7, X).castTo(DataType.FLOAT);
    Map<String, INDArray> expanded = gradients(x, f, r, true);
    Map<String, INDArray> plain = gradients(x, f, r, false);
    assertThat(expanded.get("x")).isEqualTo(plain.get("x"));
    assertThat(expanded.get("f")).isEqualTo(plain.get("f"));
  }

  private static Map<String, INDArray> gradients(
      INDArray x, INDArray f, INDArray r, boolean expanded) {
    SameDiff sd = SameDiff.create();
    SDVariable xv = sd.var("x", x.dup());
    SDVariable fv = sd.var("f", f.dup());
    SDVariable y =
        expanded ? Broadcasts.multiply(Scope.root(sd, Mode.TRAINING, 0), xv, fv) : xv.mul(fv);
    sd.setLossVariables(y.mul(sd.constant(r)).sum());
    return sd.calculateGradients(Map.of(), "x", "f");
  }

  /**
   * In training the product's operands have one shape, so M2.1's slow broadcast gradient is never
   * run.
   */
  @ParameterizedTest
  @CsvSource({"TRAINING, 3", "INFERENCE, 1"})
  void trainingGraphsMultiplySameShapedArraysAndInferenceGraphsDoNotPayForIt(Mode mode, int ops) {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, X);
    SDVariable f = sd.placeHolder("f", DataType.FLOAT, factorShape("sample-channel"));
    SDVariable y = Broadcasts.multiply(Scope.root(sd, mode, 0), x, f);
    assertThat(sd.ops()).hasSize(ops);
    SDVariable[] operands = sd.getVariableOutputOp(y.name()).args();
    Map<String, INDArray> feed =
        Map.of(
            "x", ReferenceOps.random(8, X).castTo(DataType.FLOAT),
            "f", ReferenceOps.random(9, factorShape("sample-channel")).castTo(DataType.FLOAT));
    Map<String, INDArray> values =
        sd.output(feed, operands[0].name(), operands[1].name(), y.name());
    boolean sameShape = mode == Mode.TRAINING;
    long[] left = values.get(operands[0].name()).shape();
    long[] right = values.get(operands[1].name()).shape();
    assertThat(Arrays.equals(left, right))
        .as("%s vs %s", Arrays.toString(left), Arrays.toString(right))
        .isEqualTo(sameShape);
  }
}

package io.gpunit.models.cyclegan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.testing.ReferenceOps;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ResnetGeneratorTest {

  private static final double EPS = 1e-5;

  @Test
  void parametersCarryTheOfficialStateDictNames() {
    SameDiff sd = SameDiff.create();
    Scope root = Scope.root(sd, Mode.TRAINING, 0);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, 16, 16);
    SDVariable y =
        ResnetGenerator.builder().ngf(4).blocks(2).build().apply(root.child("netG_A"), x);
    Set<String> names = new TreeSet<>();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE) {
        names.add(v.name());
      }
    }
    // resnet_2blocks: convs at 1, 4, 7; blocks at 10, 11; transposed convs at 12, 15; last conv 19.
    Set<String> expected = new TreeSet<>();
    for (String layer :
        new String[] {
          "1",
          "4",
          "7",
          "10.conv_block.1",
          "10.conv_block.5",
          "11.conv_block.1",
          "11.conv_block.5",
          "12",
          "15",
          "19"
        }) {
      expected.add("netG_A.model." + layer + ".weight");
      expected.add("netG_A.model." + layer + ".bias");
    }
    assertThat(names).isEqualTo(expected);
    assertThat(sd.getArrForVarName("netG_A.model.7.weight").shape()).containsExactly(16, 8, 3, 3);
    assertThat(sd.getArrForVarName("netG_A.model.12.weight").shape()).containsExactly(16, 8, 3, 3);
    assertThat(sd.getArrForVarName("netG_A.model.19.weight").shape()).containsExactly(3, 4, 7, 7);

    INDArray out =
        sd.output(Map.of("x", Nd4j.rand(DataType.FLOAT, 2, 3, 16, 16).subi(0.5)), y.name())
            .get(y.name());
    assertThat(out.shape()).containsExactly(2, 3, 16, 16);
    assertThat(out.maxNumber().doubleValue()).isLessThan(1);
    assertThat(out.minNumber().doubleValue()).isGreaterThan(-1);
  }

  @Test
  void forwardMatchesAPlainReference() {
    SameDiff sd = SameDiff.create();
    Scope root = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 3);
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 2, 3, 8, 8);
    SDVariable y = ResnetGenerator.builder().ngf(2).blocks(1).build().apply(root.child("g"), x);
    INDArray input = ReferenceOps.random(11, 2, 3, 8, 8);
    INDArray actual = sd.output(Map.of("x", input), y.name()).get(y.name());

    Params p = new Params(sd);
    INDArray h =
        reluNorm(ReferenceOps.conv2d(ReferenceOps.reflectPad(input, 3), p.w(1), p.b(1), 1, 1));
    h = reluNorm(ReferenceOps.conv2d(ReferenceOps.zeroPad(h, 1), p.w(4), p.b(4), 2, 1));
    h = reluNorm(ReferenceOps.conv2d(ReferenceOps.zeroPad(h, 1), p.w(7), p.b(7), 2, 1));
    INDArray r =
        reluNorm(
            ReferenceOps.conv2d(
                ReferenceOps.reflectPad(h, 1),
                p.w("10.conv_block.1"),
                p.b("10.conv_block.1"),
                1,
                1));
    r =
        ReferenceOps.instanceNorm(
            ReferenceOps.conv2d(
                ReferenceOps.reflectPad(r, 1),
                p.w("10.conv_block.5"),
                p.b("10.conv_block.5"),
                1,
                1),
            EPS);
    h = h.add(r);
    h = reluNorm(transposedConv(h, p.w(11), p.b(11)));
    h = reluNorm(transposedConv(h, p.w(14), p.b(14)));
    INDArray expected =
        ReferenceOps.map(
            ReferenceOps.conv2d(ReferenceOps.reflectPad(h, 3), p.w(18), p.b(18), 1, 1), Math::tanh);

    assertThat(actual.shape()).containsExactly(2, 3, 8, 8);
    assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-9);
  }

  private record Params(SameDiff sd) {
    INDArray w(Object layer) {
      return sd.getArrForVarName("g.model." + layer + ".weight");
    }

    INDArray b(Object layer) {
      return sd.getArrForVarName("g.model." + layer + ".bias");
    }
  }

  private static INDArray reluNorm(INDArray x) {
    return ReferenceOps.map(ReferenceOps.instanceNorm(x, EPS), v -> Math.max(v, 0));
  }

  /** {@code nn.ConvTranspose2d(k=3, stride=2, padding=1, output_padding=1)} by scattering. */
  private static INDArray transposedConv(INDArray x, INDArray w, INDArray b) {
    long n = x.size(0);
    long in = x.size(1);
    long out = w.size(1);
    long h = x.size(2);
    long full = (h - 1) * 2 + 3 + 1;
    INDArray scattered = Nd4j.zeros(DataType.DOUBLE, n, out, full, full);
    for (long s = 0; s < n; s++) {
      for (long c = 0; c < in; c++) {
        for (long o = 0; o < out; o++) {
          for (long i = 0; i < h; i++) {
            for (long j = 0; j < h; j++) {
              for (int a = 0; a < 3; a++) {
                for (int q = 0; q < 3; q++) {
                  long[] at = {s, o, 2 * i + a, 2 * j + q};
                  scattered.putScalar(
                      at,
                      scattered.getDouble(at) + x.getDouble(s, c, i, j) * w.getDouble(c, o, a, q));
                }
              }
            }
          }
        }
      }
    }
    // Crop padding 1 at the start; output padding 1 leaves the (zero) extra row at the end.
    long side = 2 * h;
    INDArray y = Nd4j.zeros(DataType.DOUBLE, n, out, side, side);
    for (long s = 0; s < n; s++) {
      for (long o = 0; o < out; o++) {
        for (long i = 0; i < side; i++) {
          for (long j = 0; j < side; j++) {
            y.putScalar(
                new long[] {s, o, i, j}, scattered.getDouble(s, o, i + 1, j + 1) + b.getDouble(o));
          }
        }
      }
    }
    return y;
  }
}

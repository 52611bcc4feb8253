package io.gpunit.models.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.training.random.RandomArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class MsImageDisTest {

  @Test
  void downsampleAveragesOnlyThePixelsInsideTheImage() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 1, 5, 5);
    sd.identity("y", MsImageDis.downsample(x));
    INDArray input = RandomArrays.gaussian(new SplitMix64(2), DataType.DOUBLE, 1, 1, 5, 5);
    INDArray y = Inference.output(sd, Map.of("x", input), "y").get("y");
    assertThat(y.shape()).containsExactly(1, 1, 3, 3);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double sum = 0;
        int count = 0;
        for (int p = 2 * i - 1; p <= 2 * i + 1; p++) {
          for (int q = 2 * j - 1; q <= 2 * j + 1; q++) {
            if (p >= 0 && p < 5 && q >= 0 && q < 5) {
              sum += input.getDouble(0, 0, p, q);
              count++;
            }
          }
        }
        assertThat(y.getDouble(0, 0, i, j))
            .as("(%s,%s)", i, j)
            .isCloseTo(sum / count, within(1e-12));
      }
    }
  }

  @Test
  void hasOneNetworkPerScaleUnderTheOfficialNames() {
    SameDiff sd = SameDiff.create();
    Scope root = Scope.root(sd, Mode.TRAINING, 0);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, 16, 16);
    List<SDVariable> outputs =
        new MsImageDis(new MsImageDis.Shape(4, 2, 2)).apply(root.child("dis_a"), x);
    List<String> names = new ArrayList<>();
    sd.variables()
        .forEach(
            v -> {
              if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                names.add(v.name() + java.util.Arrays.toString(v.getArr().shape()));
              }
            });
    assertThat(names)
        .containsExactlyInAnyOrder(
            "dis_a.cnns.0.0.conv.weight[4, 3, 4, 4]", "dis_a.cnns.0.0.conv.bias[4]",
            "dis_a.cnns.0.1.conv.weight[8, 4, 4, 4]", "dis_a.cnns.0.1.conv.bias[8]",
            "dis_a.cnns.0.2.weight[1, 8, 1, 1]", "dis_a.cnns.0.2.bias[1]",
            "dis_a.cnns.1.0.conv.weight[4, 3, 4, 4]", "dis_a.cnns.1.0.conv.bias[4]",
            "dis_a.cnns.1.1.conv.weight[8, 4, 4, 4]", "dis_a.cnns.1.1.conv.bias[8]",
            "dis_a.cnns.1.2.weight[1, 8, 1, 1]", "dis_a.cnns.1.2.bias[1]");
    INDArray input = RandomArrays.gaussian(new SplitMix64(3), DataType.FLOAT, 2, 3, 16, 16);
    Map<String, INDArray> out =
        Inference.output(sd, Map.of("x", input), outputs.get(0).name(), outputs.get(1).name());
    assertThat(out.get(outputs.get(0).name()).shape()).containsExactly(2, 1, 4, 4);
    assertThat(out.get(outputs.get(1).name()).shape()).containsExactly(2, 1, 2, 2);
  }

  @Test
  void lossesSumTheLsganPenaltiesOverScales() {
    SameDiff sd = SameDiff.create();
    Scope root = Scope.root(sd, Mode.TRAINING, DataType.DOUBLE, 0);
    SDVariable fake = sd.placeHolder("fake", DataType.DOUBLE, -1, 3, 8, 8);
    SDVariable real = sd.placeHolder("real", DataType.DOUBLE, -1, 3, 8, 8);
    MsImageDis dis = new MsImageDis(new MsImageDis.Shape(2, 1, 2));
    Scope scope = root.child("dis");
    List<SDVariable> fakeLogits = dis.apply(scope, fake);
    List<SDVariable> realLogits = dis.apply(scope, real);
    SDVariable g = sd.identity("g", dis.generatorLoss(scope, fake));
    SDVariable d = sd.identity("d", dis.discriminatorLoss(scope, fake, real));
    Map<String, INDArray> feed =
        Map.of(
            "fake", RandomArrays.gaussian(new SplitMix64(4), DataType.DOUBLE, 2, 3, 8, 8),
            "real", RandomArrays.gaussian(new SplitMix64(5), DataType.DOUBLE, 2, 3, 8, 8));
    List<String> wanted = new ArrayList<>(List.of(g.name(), d.name()));
    fakeLogits.forEach(v -> wanted.add(v.name()));
    realLogits.forEach(v -> wanted.add(v.name()));
    Map<String, INDArray> out = Inference.output(sd, feed, wanted.toArray(String[]::new));
    double gen = 0;
    double disc = 0;
    for (int k = 0; k < 2; k++) {
      double[] f = out.get(fakeLogits.get(k).name()).data().asDouble();
      double[] r = out.get(realLogits.get(k).name()).data().asDouble();
      double gk = 0;
      double fk = 0;
      double rk = 0;
      for (int i = 0; i < f.length; i++) {
        gk += (f[i] - 1) * (f[i] - 1) / f.length;
        fk += f[i] * f[i] / f.length;
        rk += (r[i] - 1) * (r[i] - 1) / r.length;
      }
      gen += gk;
      disc += fk + rk;
    }
    assertThat(out.get("g").getDouble(0)).isCloseTo(gen, within(1e-10));
    assertThat(out.get("d").getDouble(0)).isCloseTo(disc, within(1e-10));
  }

  @Test
  void rejectsImagesTooSmallForReflectionPadding() {
    assertThatThrownBy(() -> MsImageDis.Shape.official().checkImageSize(32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "image size 32 is too small for a discriminator with 4 layers at 3 scales");
    MsImageDis.Shape.official().checkImageSize(64);
  }
}

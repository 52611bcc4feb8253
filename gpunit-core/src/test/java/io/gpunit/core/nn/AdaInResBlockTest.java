package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.testing.GradientCheck;
import io.gpunit.core.testing.ReferenceOps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class AdaInResBlockTest {

  private record Graph(SameDiff sd, SDVariable y) {
    INDArray p(String name) {
      return sd.getVariable("res." + name).getArr();
    }
  }

  private static Graph graph(int fin, int fout) {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 4).child("res");
    SDVariable y = AdaInResBlock.builder(fin, fout, 3).build().apply(scope,
        sd.placeHolder("x", DataType.DOUBLE, 2, fin, 4, 4), sd.placeHolder("s", DataType.DOUBLE, 2, 3));
    return new Graph(sd, y);
  }

  private static List<String> paramNames(SameDiff sd) {
    return sd.variables().stream().map(SDVariable::name).filter(n -> n.startsWith("res.")).sorted().toList();
  }

  @Test
  void usesTheOfficialParameterKeys() {
    assertThat(paramNames(graph(2, 3).sd())).containsExactly(
        "res.conv_0.bias", "res.conv_0.weight", "res.conv_1.bias", "res.conv_1.weight",
        "res.conv_s.weight",
        "res.norm_0.style.bias", "res.norm_0.style.weight",
        "res.norm_1.style.bias", "res.norm_1.style.weight",
        "res.norm_s.style.bias", "res.norm_s.style.weight");
    assertThat(paramNames(graph(2, 2).sd())).noneMatch(n -> n.contains("_s."));
  }

  /** AdaIN by plain loops: γ·IN(x) + β with [γ, β] = style(s). */
  private static INDArray adaIn(Graph g, String norm, INDArray x, INDArray s) {
    INDArray style = ReferenceOps.linear(s, g.p(norm + ".style.weight"), g.p(norm + ".style.bias"));
    long c = x.size(1);
    return ReferenceOps.scaleShift(ReferenceOps.instanceNorm(x, 1e-5),
        style.get(NDArrayIndex.all(), NDArrayIndex.interval(0, c)),
        style.get(NDArrayIndex.all(), NDArrayIndex.interval(c, 2 * c)));
  }

  private static INDArray conv3(Graph g, String conv, INDArray x) {
    return ReferenceOps.conv2d(ReferenceOps.zeroPad(x, 1), g.p(conv + ".weight"), g.p(conv + ".bias"), 1, 1);
  }

  private static INDArray lrelu(INDArray x) {
    return ReferenceOps.map(x, v -> ReferenceOps.leakyRelu(v, 0.2));
  }

  private static void assertMatchesReference(int fin, int fout) {
    Graph g = graph(fin, fout);
    for (String norm : List.of("norm_0", "norm_1", "norm_s")) {
      if (g.sd().hasVariable("res." + norm + ".style.bias")) {
        g.p(norm + ".style.bias").addi(ReferenceOps.random(norm.hashCode(), 2L * (norm.equals("norm_1") ? fout : fin)));
      }
    }
    INDArray x = ReferenceOps.random(1, 2, fin, 4, 4);
    INDArray s = ReferenceOps.random(2, 2, 3);
    INDArray h = conv3(g, "conv_0", lrelu(adaIn(g, "norm_0", x, s)));
    INDArray dx = conv3(g, "conv_1", lrelu(adaIn(g, "norm_1", h, s)));
    INDArray shortcut =
        fin == fout ? x : ReferenceOps.conv2d(adaIn(g, "norm_s", x, s), g.p("conv_s.weight"), null, 1, 1);
    INDArray expected = shortcut.add(dx);
    assertThat(g.y().eval(Map.of("x", x, "s", s)).equalsWithEps(expected, 1e-11)).isTrue();
  }

  @Test
  void matchesTheOfficialBlockWithLearnedShortcut() {
    assertMatchesReference(2, 3);
  }

  @Test
  void matchesTheOfficialBlockWithIdentityShortcut() {
    assertMatchesReference(2, 2);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.INFERENCE, DataType.DOUBLE, 4).child("res");
    SDVariable y = AdaInResBlock.builder(2, 3, 2).build().apply(scope,
        sd.var("x", ReferenceOps.random(1, 2, 2, 3, 3)), sd.var("s", ReferenceOps.random(2, 2, 2)));
    GradientCheck.of(sd).wrtAllVariables().maxEntriesPerVariable(4).check(y.name()).assertBelow(1e-6);
  }
}

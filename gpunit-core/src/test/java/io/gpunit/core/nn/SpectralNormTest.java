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

class SpectralNormTest {

  private static final long[] SHAPE = {3, 2, 2, 2};

  /** A graph holding one spectrally normalised weight {@code sn.weight}. */
  private record Graph(SameDiff sd, Scope scope, SDVariable weight) {
    INDArray array(String name) {
      return sd.getVariable(name).getArr();
    }
  }

  private static Graph graph(Mode mode) {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, mode, DataType.DOUBLE, 11).child("sn");
    SDVariable w = SpectralNorm.weight(scope, "weight", SHAPE, Init.pytorchDefault(8));
    return new Graph(sd, scope, w);
  }

  // Plain-Java linear algebra on W_mat [3, 8], independent of the SameDiff ops.
  private static double[][] matrix(INDArray w) {
    double[][] m = new double[3][8];
    double[] flat = w.dup().data().asDouble();
    for (int i = 0; i < 3; i++) {
      System.arraycopy(flat, i * 8, m[i], 0, 8);
    }
    return m;
  }

  private static double[] normalize(double[] x) {
    double norm = 0;
    for (double d : x) {
      norm += d * d;
    }
    double scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * scale;
    }
    return y;
  }

  private static double[] times(double[][] m, double[] v) {
    double[] y = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < v.length; j++) {
        y[i] += m[i][j] * v[j];
      }
    }
    return y;
  }

  private static double[] transposeTimes(double[][] m, double[] u) {
    double[] y = new double[m[0].length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < y.length; j++) {
        y[j] += m[i][j] * u[i];
      }
    }
    return y;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void createsPytorchNamedParameterAndUnitLengthBuffers() {
    Graph g = graph(Mode.INFERENCE);
    assertThat(g.array("sn.weight_orig").shape()).containsExactly(SHAPE);
    assertThat(g.array("sn.weight_u").shape()).containsExactly(3);
    assertThat(g.array("sn.weight_v").shape()).containsExactly(8);
    assertThat(g.array("sn.weight_u").norm2Number().doubleValue()).isCloseTo(1, within());
    assertThat(g.array("sn.weight_v").norm2Number().doubleValue()).isCloseTo(1, within());
    assertThat(g.scope().buffers()).containsExactly("sn.weight_u", "sn.weight_v");
    assertThat(g.scope().bufferUpdates()).isEmpty();
  }

  @Test
  void inferenceDividesByUTransposeWvWithStoredVectors() {
    Graph g = graph(Mode.INFERENCE);
    INDArray w = g.array("sn.weight_orig");
    double sigma =
        dot(
            g.array("sn.weight_u").data().asDouble(),
            times(matrix(w), g.array("sn.weight_v").data().asDouble()));
    INDArray actual = g.weight().eval();
    assertThat(actual.equalsWithEps(w.div(sigma), 1e-12)).isTrue();
  }

  @Test
  void trainingRunsOnePowerIterationAndRegistersTheNewVectors() {
    Graph g = graph(Mode.TRAINING);
    INDArray w = g.array("sn.weight_orig");
    double[][] m = matrix(w);
    double[] v = normalize(transposeTimes(m, g.array("sn.weight_u").data().asDouble()));
    double[] u = normalize(times(m, v));
    double sigma = dot(u, times(m, v));

    List<Scope.BufferUpdate> updates = g.scope().bufferUpdates();
    assertThat(updates).extracting(Scope.BufferUpdate::buffer)
        .containsExactly("sn.weight_u", "sn.weight_v");
    Map<String, INDArray> out =
        g.sd().output(Map.of(), g.weight().name(), updates.get(0).newValue(), updates.get(1).newValue());
    assertThat(out.get(g.weight().name()).equalsWithEps(w.div(sigma), 1e-12)).isTrue();
    assertThat(out.get(updates.get(0).newValue()).data().asDouble()).containsExactly(u, within());
    assertThat(out.get(updates.get(1).newValue()).data().asDouble()).containsExactly(v, within());
  }

  @Test
  void inferenceGradientMatchesFiniteDifferences() {
    Graph g = graph(Mode.INFERENCE);
    GradientCheck.of(g.sd()).wrt("sn.weight_orig").check(g.weight().name()).assertBelow(1e-7);
  }

  /**
   * In training PyTorch treats u', v' as constants, so finite differences (which would move u', v'
   * with W) apply to the inference graph with the buffers set to u', v'; the training graph's
   * gradient must equal that graph's finite-difference-checked gradient.
   */
  @Test
  void trainingGradientTreatsTheIteratedVectorsAsConstants() {
    INDArray r = ReferenceOps.random(3, SHAPE);
    Graph training = graph(Mode.TRAINING);
    List<Scope.BufferUpdate> updates = training.scope().bufferUpdates();
    Map<String, INDArray> iterated =
        training.sd().output(Map.of(), updates.get(0).newValue(), updates.get(1).newValue());
    SDVariable trainingLoss = training.weight().mul(training.sd().constant(r)).sum();
    training.sd().setLossVariables(trainingLoss);
    INDArray trainingGrad =
        training.sd().calculateGradients(Map.of(), "sn.weight_orig").get("sn.weight_orig");

    Graph fixed = graph(Mode.INFERENCE);
    fixed.array("sn.weight_u").assign(iterated.get(updates.get(0).newValue()));
    fixed.array("sn.weight_v").assign(iterated.get(updates.get(1).newValue()));
    SDVariable fixedLoss = fixed.weight().mul(fixed.sd().constant(r)).sum();
    GradientCheck.of(fixed.sd()).wrt("sn.weight_orig").check(fixedLoss.name()).assertBelow(1e-7);
    INDArray fixedGrad =
        fixed.sd().calculateGradients(Map.of(), "sn.weight_orig").get("sn.weight_orig");

    assertThat(trainingGrad.equalsWithEps(fixedGrad, 1e-12)).isTrue();
    assertThat(trainingGrad.sumNumber().doubleValue()).isNotZero();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }
}

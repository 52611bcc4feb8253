package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.testing.GradientCheck;
import io.gpunit.core.testing.ReferenceOps;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchNorm1dTest {

  private static final Offset<Double> TOL = Offset.offset(1e-12);
  // 4 samples x 2 features.
  private static final double[][] X = {{1, -2}, {3, 0}, {-1, 5}, {0.5, 1}};

  private record Graph(SameDiff sd, Scope scope, SDVariable y) {}

  private static Graph graph(BatchNorm1d bn, Mode mode) {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, mode, DataType.DOUBLE, 9).child("bn");
    SDVariable y = bn.apply(scope, sd.placeHolder("x", DataType.DOUBLE, 4, 2));
    return new Graph(sd, scope, y);
  }

  private static double mean(int c) {
    double s = 0;
    for (double[] row : X) {
      s += row[c];
    }
    return s / X.length;
  }

  private static double sumSquares(int c) {
    double s = 0;
    for (double[] row : X) {
      s += (row[c] - mean(c)) * (row[c] - mean(c));
    }
    return s;
  }

  private static Map<String, INDArray> feed() {
    return Map.of("x", Nd4j.createFromArray(X));
  }

  @Test
  void trainingNormalisesWithBatchMeanAndBiasedVariance() {
    Graph g = graph(BatchNorm1d.builder(2).build(), Mode.TRAINING);
    INDArray y = g.y().eval(feed());
    for (int n = 0; n < 4; n++) {
      for (int c = 0; c < 2; c++) {
        double expected = (X[n][c] - mean(c)) / Math.sqrt(sumSquares(c) / 4 + 1e-5);
        assertThat(y.getDouble(n, c)).isCloseTo(expected, TOL);
      }
    }
  }

  @Test
  void trainingRegistersPytorchRunningStatisticUpdates() {
    Graph g = graph(BatchNorm1d.builder(2).momentum(0.3).build(), Mode.TRAINING);
    g.sd().getVariable("bn.running_mean").getArr().assign(Nd4j.createFromArray(0.5, -0.5));
    g.sd().getVariable("bn.running_var").getArr().assign(Nd4j.createFromArray(2.0, 0.25));
    g.sd().getVariable("bn.num_batches_tracked").getArr().assign(7);
    var updates = g.scope().bufferUpdates();
    assertThat(updates).extracting(Scope.BufferUpdate::buffer)
        .containsExactly("bn.running_mean", "bn.running_var", "bn.num_batches_tracked");
    Map<String, INDArray> out =
        g.sd().output(feed(), updates.stream().map(Scope.BufferUpdate::newValue).toList());
    double[] runningMean = {0.5, -0.5};
    double[] runningVar = {2.0, 0.25};
    for (int c = 0; c < 2; c++) {
      // PyTorch: running = (1 - momentum) * running + momentum * batch, unbiased variance.
      double m = 0.7 * runningMean[c] + 0.3 * mean(c);
      double v = 0.7 * runningVar[c] + 0.3 * sumSquares(c) / 3;
      assertThat(out.get(updates.get(0).newValue()).getDouble(c)).isCloseTo(m, TOL);
      assertThat(out.get(updates.get(1).newValue()).getDouble(c)).isCloseTo(v, TOL);
    }
    assertThat(out.get(updates.get(2).newValue()).getDouble(0)).isEqualTo(8.0);
    assertThat(g.sd().getVariable("bn.num_batches_tracked").getArr().rank()).isZero();
  }

  @Test
  void inferenceUsesRunningStatisticsAndAffine() {
    Graph g = graph(BatchNorm1d.builder(2).build(), Mode.INFERENCE);
    g.sd().getVariable("bn.running_mean").getArr().assign(Nd4j.createFromArray(0.5, -0.5));
    g.sd().getVariable("bn.running_var").getArr().assign(Nd4j.createFromArray(2.0, 0.25));
    g.sd().getVariable("bn.weight").getArr().assign(Nd4j.createFromArray(3.0, -1.0));
    g.sd().getVariable("bn.bias").getArr().assign(Nd4j.createFromArray(0.1, 0.2));
    INDArray y = g.y().eval(feed());
    double[] mean = {0.5, -0.5};
    double[] var = {2.0, 0.25};
    double[] gamma = {3, -1};
    double[] beta = {0.1, 0.2};
    for (int n = 0; n < 4; n++) {
      for (int c = 0; c < 2; c++) {
        double expected = (X[n][c] - mean[c]) / Math.sqrt(var[c] + 1e-5) * gamma[c] + beta[c];
        assertThat(y.getDouble(n, c)).isCloseTo(expected, TOL);
      }
    }
    assertThat(g.scope().bufferUpdates()).isEmpty();
  }

  @Test
  void alwaysBatchStatisticsUsesTheBatchInInferenceWithoutUpdates() {
    Graph g = graph(BatchNorm1d.builder(2).alwaysBatchStatistics(true).build(), Mode.INFERENCE);
    g.sd().getVariable("bn.running_mean").getArr().assign(Nd4j.createFromArray(100.0, 100.0));
    INDArray y = g.y().eval(feed());
    assertThat(y.getDouble(0, 1))
        .isCloseTo((X[0][1] - mean(1)) / Math.sqrt(sumSquares(1) / 4 + 1e-5), TOL);
    assertThat(g.scope().bufferUpdates()).isEmpty();
  }

  @Test
  void gradientsMatchFiniteDifferencesInTrainingAndInference() {
    for (Mode mode : Mode.values()) {
      SameDiff sd = SameDiff.create();
      Scope scope = Scope.root(sd, mode, DataType.DOUBLE, 9).child("bn");
      SDVariable y =
          BatchNorm1d.builder(3).build().apply(scope, sd.var("x", ReferenceOps.random(8, 5, 3)));
      GradientCheck.of(sd).wrtAllVariablesExcept(scope.buffers()).check(y.name()).assertBelow(1e-6);
    }
  }
}

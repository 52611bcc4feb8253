package io.gpunit.losses.distillation;

import static io.gpunit.losses.testing.LossChecks.assertGradientsMatchFiniteDifferences;
import static io.gpunit.losses.testing.LossChecks.eval;
import static io.gpunit.losses.testing.LossChecks.uniform;
import static io.gpunit.losses.testing.LossChecks.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DomainClassificationLossTest {

  private static final int[] LABELS = {2, 0, 1};
  private final INDArray logits = uniform(91, -3, 3, 3, 4);

  private static INDArray oneHot() {
    INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, 4);
    for (int n = 0; n < LABELS.length; n++) {
      y.putScalar(n, LABELS[n], 1.0);
    }
    return y;
  }

  @Test
  void valueIsTheMeanNegativeLogSoftmaxOfTheTrueClass() {
    SameDiff sd = SameDiff.create();
    SDVariable loss = DomainClassificationLoss.builder().build().apply(sd, sd.var("z", logits), sd.constant("y", oneHot()));
    double[] z = values(logits);
    double expected = 0;
    for (int n = 0; n < 3; n++) {
      double sum = 0;
      for (int k = 0; k < 4; k++) {
        sum += Math.exp(z[n * 4 + k]);
      }
      expected += Math.log(sum) - z[n * 4 + LABELS[n]];
    }
    assertThat(eval(sd, loss)).isCloseTo(expected / 3, within(1e-12));
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    SDVariable loss = DomainClassificationLoss.builder().weight(2).build().apply(sd, sd.var("z", logits), sd.constant("y", oneHot()));
    assertGradientsMatchFiniteDifferences(sd, loss, "z");
  }
}

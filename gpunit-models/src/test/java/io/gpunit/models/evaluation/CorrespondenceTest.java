package io.gpunit.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CorrespondenceTest {

  @Test
  void matchesAHandComputation() {
    // a = (0,0), (1,0), (0,3); b = (0,1), (1,0), (4,3).
    INDArray a = Nd4j.createFromArray(new double[][] {{0, 0}, {1, 0}, {0, 3}});
    INDArray b = Nd4j.createFromArray(new double[][] {{0, 1}, {1, 0}, {4, 3}});
    Correspondence c = Correspondence.of(a, b);
    assertThat(c.paired()).isCloseTo((1 + 0 + 4) / 3.0, within(1e-12));
    double unpaired =
        (1 + 5) // a0 to b1, b2
            + (Math.sqrt(2) + Math.sqrt(18)) // a1 to b0, b2
            + (2 + Math.sqrt(10)); // a2 to b0, b1
    assertThat(c.unpaired()).isCloseTo(unpaired / 6, within(1e-12));
    // Nearest b: a0 → b0 (1), a1 → b1 (0), a2 → b0 (2 < 4).
    assertThat(c.retrieval()).isCloseTo(2 / 3.0, within(1e-12));
  }
}

package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InferenceTest {

  @Test
  void computesTheOutputAndReleasesTheCallingThreadsSession() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2);
    x.mul(3).add(1).rename("y");
    INDArray in = Nd4j.createFromArray(new float[][] {{1, 2}, {-1, 0.5f}});

    INDArray y = Inference.output(sd, Map.of("x", in), "y").get("y");

    assertThat(y.toFloatMatrix()).isEqualTo(new float[][] {{4, 7}, {-2, 2.5f}});
    assertThat(sd.getSessions()).doesNotContainKey(Thread.currentThread().getId());
  }
}

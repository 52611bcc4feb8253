package io.gpunit.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FlipTest {

  @Test
  void flipsEveryRowOfEveryChannelLeftToRight() {
    INDArray x = Nd4j.arange(12).castTo(DataType.FLOAT).reshape(1, 2, 2, 3);

    INDArray flipped = Flip.horizontally(x);

    assertThat(flipped.shape()).containsExactly(1, 2, 2, 3);
    assertThat(flipped.ravel().toFloatVector())
        .containsExactly(2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9);
  }
}

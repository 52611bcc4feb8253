package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchRowsTest {

  @Test
  void takesRowsAlongTheBatchDimensionWholeInTheOthers() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 4, 2, 1, 3);
    INDArray input = Nd4j.arange(24).castTo(DataType.DOUBLE).reshape(4, 2, 1, 3);
    INDArray out = BatchRows.rows(x, 4, 1, 3).eval(Map.of("x", input));
    assertThat(out.shape()).containsExactly(2, 2, 1, 3);
    // Rows 1 and 2 of [0..23] in blocks of six: 6..17.
    assertThat(out.data().asDouble())
        .containsExactly(6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
  }

  @Test
  void worksOnVectorsAndRejectsEmptyRanges() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 5);
    INDArray input = Nd4j.createFromArray(1.0, 2, 3, 4, 5);
    INDArray out = BatchRows.rows(x, 1, 3, 5).eval(Map.of("x", input));
    assertThat(out.data().asDouble()).containsExactly(4, 5);
    assertThatThrownBy(() -> BatchRows.rows(x, 1, 2, 2)).hasMessageContaining("[2, 2)");
  }
}

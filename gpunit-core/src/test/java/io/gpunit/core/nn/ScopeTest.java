package io.gpunit.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ScopeTest {

  /**
   * M2.1's default array holder copies a view it is given (and keeps a second copy of every array);
   * a root scope's graph keeps the array itself, so a variable can live in a larger buffer.
   */
  @Test
  void aRootScopesGraphHoldsTheArrayItIsGivenNotACopy() {
    SameDiff sd = SameDiff.create();
    SDVariable w = Scope.root(sd, Mode.TRAINING, 1).param("w", new long[] {2, 3}, Init.zeros());
    INDArray flat = Nd4j.zeros(DataType.FLOAT, 10);
    INDArray view = flat.get(NDArrayIndex.interval(4, 10)).reshape(2, 3);
    sd.associateArrayWithVariable(view, w);
    flat.addi(1.5f);
    assertThat(sd.getArrForVarName("w").ravel().toFloatVector()).containsOnly(1.5f);
  }

  @Test
  void keepsTheVariablesAGraphHadBeforeItsRootScope() {
    SameDiff sd = SameDiff.create();
    sd.var("before", Nd4j.createFromArray(1f, 2f));
    sd.constant("c", Nd4j.createFromArray(3f));
    Scope.root(sd, Mode.INFERENCE, 1);
    assertThat(sd.getArrForVarName("before").toFloatVector()).containsExactly(1f, 2f);
    assertThat(sd.getArrForVarName("c").toFloatVector()).containsExactly(3f);
  }
}

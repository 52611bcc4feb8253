package io.gpunit.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

class GradientCheckTest {

  @Test
  void acceptsACorrectGradientAndChecksEveryEntry() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", ReferenceOps.random(1, 2, 3));
    SDVariable y = x.mul(x).mul(x);
    GradientCheck.Result result = GradientCheck.of(sd).wrt("x").check(y.name()).assertBelow(1e-8);
    assertThat(result.entriesChecked()).isEqualTo(6);
  }

  @Test
  void reportsAGradientThatDisagreesWithTheFunction() {
    // y = x² computed as x · sg(x): SameDiff's gradient is x, the true one 2x.
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", ReferenceOps.random(2, 4));
    SDVariable y = x.mul(new StopGradient(sd, x).outputVariable());
    GradientCheck.Result result = GradientCheck.of(sd).wrt("x").check(y.name());
    assertThat(result.analytic()).isCloseTo(result.numeric() / 2, org.assertj.core.data.Offset.offset(1e-8));
    assertThatThrownBy(() -> result.assertBelow(1e-3))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("x[");
  }

  @Test
  void checksOnlyTheRequestedNumberOfEntries() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", ReferenceOps.random(3, 10, 10));
    GradientCheck.Result result =
        GradientCheck.of(sd).wrt("x").maxEntriesPerVariable(7).check(x.mul(2).name());
    assertThat(result.entriesChecked()).isEqualTo(7);
  }

  @Test
  void rejectsSinglePrecision() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", Nd4j.ones(DataType.FLOAT, 2));
    assertThatThrownBy(() -> GradientCheck.of(sd).wrt("x").check(x.mul(2).name()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("float64");
  }
}

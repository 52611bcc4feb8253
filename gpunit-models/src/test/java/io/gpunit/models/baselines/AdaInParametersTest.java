package io.gpunit.models.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.nn.Inference;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdaInParametersTest {

  @Test
  void eachLayerTakesShiftThenScaleInModuleOrder() {
    SameDiff sd = SameDiff.create();
    SDVariable p = sd.placeHolder("p", DataType.DOUBLE, -1, 8);
    AdaInParameters adain = new AdaInParameters(p, 2, 2);
    AdaInParameters.Affine first = adain.next(2);
    AdaInParameters.Affine second = adain.next(2);
    assertThat(adain.isExhausted()).isTrue();
    INDArray values = Nd4j.createFromArray(new double[][] {{0, 1, 2, 3, 4, 5, 6, 7}});
    Map<String, INDArray> out =
        Inference.output(
            sd,
            Map.of("p", values),
            first.shift().name(),
            first.scale().name(),
            second.shift().name(),
            second.scale().name());
    // assign_adain_params: mean (bias) = [:, :C], std (weight) = [:, C:2C], then the next layer.
    assertThat(out.get(first.shift().name()).data().asDouble()).containsExactly(0, 1);
    assertThat(out.get(first.scale().name()).data().asDouble()).containsExactly(2, 3);
    assertThat(out.get(second.shift().name()).data().asDouble()).containsExactly(4, 5);
    assertThat(out.get(second.scale().name()).data().asDouble()).containsExactly(6, 7);
    assertThat(out.get(first.scale().name()).shape()).containsExactly(1, 2, 1, 1);
    assertThat(AdaInParameters.count(2, 2)).isEqualTo(8);
  }

  @Test
  void refusesALayerOfAnotherWidthOrOneTooMany() {
    SameDiff sd = SameDiff.create();
    AdaInParameters adain = new AdaInParameters(sd.placeHolder("p", DataType.FLOAT, -1, 4), 2);
    assertThatThrownBy(() -> adain.next(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 3 channels, its parameters have 2");
    adain.next(2);
    assertThatThrownBy(() -> adain.next(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("all 1 adaptive layers' parameters are taken");
  }
}

package io.gpunit.models.cyclegan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpunit.core.weights.TensorSource;
import io.gpunit.models.ModelFile;
import io.gpunit.models.ModelLoadException;
import io.gpunit.core.random.SplitMix64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class CycleGanNetworkTest {

  private static final ResnetGenerator TINY = ResnetGenerator.builder().ngf(2).blocks(2).build();

  @Test
  void isAUnimodalCycleGanNetwork() {
    try (CycleGanNetwork net = CycleGanNetwork.create(TINY, 8)) {
      assertThat(net.architecture()).isEqualTo(ModelFile.CYCLEGAN);
      assertThat(net.imageSize()).isEqualTo(8);
      assertThat(net.styleDim()).isZero();
      assertThat(net.isMultimodal()).isFalse();
      assertThatThrownBy(() -> net.encodeStyle(Nd4j.zeros(DataType.FLOAT, 1, 3, 8, 8)))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("unimodal");
      assertThatThrownBy(() -> net.sampleStyles(1, new SplitMix64(0)))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("no style codes");
    }
  }

  @Test
  void translateChecksItsInputs() {
    try (CycleGanNetwork net = CycleGanNetwork.create(TINY, 8)) {
      assertThat(net.translate(Nd4j.zeros(DataType.FLOAT, 2, 3, 8, 8), null).shape())
          .containsExactly(2, 3, 8, 8);
      assertThatThrownBy(() -> net.translate(Nd4j.zeros(DataType.FLOAT, 1, 3, 16, 16), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("[N, 3, 8, 8]")
          .hasMessageContaining("[1, 3, 16, 16]");
      assertThatThrownBy(
              () ->
                  net.translate(
                      Nd4j.zeros(DataType.FLOAT, 1, 3, 8, 8), Nd4j.zeros(DataType.FLOAT, 1, 8)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("takes no style codes");
    }
  }

  @Test
  void closedNetworkRefusesWork() {
    CycleGanNetwork net = CycleGanNetwork.create(TINY, 8);
    net.close();
    assertThatThrownBy(() -> net.translate(Nd4j.zeros(DataType.FLOAT, 1, 3, 8, 8), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void rejectsImageSizesThatAreNotMultiplesOfFour() {
    assertThatThrownBy(() -> CycleGanNetwork.create(TINY, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 4");
  }

  @Test
  void inferGeneratorReadsWidthAndBlocksFromTheShapes() {
    Map<String, org.nd4j.linalg.api.ndarray.INDArray> weights =
        Map.of(
            "netG_A.model.1.weight", Nd4j.zeros(DataType.FLOAT, 5, 3, 7, 7),
            "netG_A.model.10.conv_block.1.weight", Nd4j.zeros(DataType.FLOAT, 20, 20, 3, 3),
            "netG_A.model.12.conv_block.1.weight", Nd4j.zeros(DataType.FLOAT, 20, 20, 3, 3));
    ResnetGenerator g = CycleGanNetwork.inferGenerator(TensorSource.of(weights));
    assertThat(g.ngf()).isEqualTo(5);
    assertThat(g.blocks()).isEqualTo(3);
    assertThat(g.channels()).isEqualTo(3);
  }

  @Test
  void rejectsWeightsOfAnotherModel() {
    TensorSource other =
        TensorSource.of(Map.of("g_ema.conv.weight", Nd4j.zeros(DataType.FLOAT, 2)));
    assertThatThrownBy(() -> CycleGanNetwork.fromWeights(other, 8))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("netG_A.model.1.weight");
  }

  @Test
  void rejectsIncompleteWeightsNamingTheMissingTensor() {
    TensorSource partial =
        TensorSource.of(Map.of("netG_A.model.1.weight", Nd4j.zeros(DataType.FLOAT, 2, 3, 7, 7)));
    assertThatThrownBy(() -> CycleGanNetwork.fromWeights(partial, 8))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("netG_A.model.4.weight");
  }
}

package io.gpunit.models.gpunit.stage2;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.gpunit.Sampler;
import io.gpunit.models.gpunit.SamplerConfig;
import io.gpunit.models.training.optim.AdamConfig;
import io.gpunit.models.training.random.RandomArrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SamplerFittingTest {

  @Test
  void nearestIsTheBruteForceArgmin() {
    INDArray codes = Nd4j.createFromArray(new float[][] {{0, 0}, {5, 5}, {-3, 1}});
    INDArray mapped = Nd4j.createFromArray(new float[][] {{4, 4}, {-2, 1}, {0.5f, 0}, {9, 9}});
    assertThat(SamplerFitting.nearest(codes, mapped)).containsExactly(2, 0, 1);
  }

  @Test
  void fittedSamplerMapsNoiseOntoTheCodes() {
    // Two tight clusters at ±(2, ..., 2) in 8 dimensions.
    int n = 32;
    SplitMix64 random = new SplitMix64(1);
    INDArray codes = RandomArrays.gaussian(random, DataType.FLOAT, n, 8).muli(0.05);
    for (int i = 0; i < n; i++) {
      codes.getRow(i).addi(i % 2 == 0 ? 2 : -2);
    }
    SamplerConfig widths = SamplerConfig.builder().noiseDim(4).hiddenDim(16).styleDim(8).build();
    Map<String, INDArray> weights =
        new SamplerFitting(
                new SamplerFitting.Config(
                    40,
                    16,
                    AdamConfig.builder().lr(1e-2).betas(0.5, 0.999).weightDecay(1e-5).build(),
                    50,
                    0.5,
                    3))
            .fit(widths, codes);
    assertThat(weights).containsKeys("lin1.weight", "bn1.running_mean", "lin_out.weight");

    Scope root = Scope.root(SameDiff.create(), Mode.INFERENCE, 0);
    SDVariable z = root.sd().placeHolder("z", DataType.FLOAT, -1, 4);
    new Sampler(widths).apply(root, z, Sampler.Statistics.BATCH).rename("s");
    weights.forEach((k, v) -> root.sd().getArrForVarName(k).assign(v));
    INDArray samples =
        Inference.output(
                root.sd(),
                Map.of("z", RandomArrays.gaussian(new SplitMix64(9), DataType.FLOAT, 64, 4)),
                "s")
            .get("s");
    // Distance of each sample to its nearest code, against the codes' distance to the origin (√32).
    double total = 0;
    for (int i = 0; i < 64; i++) {
      INDArray s = samples.getRow(i);
      double best = Double.MAX_VALUE;
      for (int j = 0; j < n; j++) {
        best = Math.min(best, s.distance2(codes.getRow(j)));
      }
      total += best;
    }
    double meanNearest = total / 64;
    System.out.printf("SAMPLER mean distance to nearest code %.3f (codes at 5.657)%n", meanNearest);
    // An untrained (or collapsed-to-zero) sampler sits about √32 = 5.657 from every code.
    assertThat(meanNearest).isLessThan(0.5 * Math.sqrt(32));
  }
}

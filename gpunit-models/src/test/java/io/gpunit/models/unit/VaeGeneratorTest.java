package io.gpunit.models.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.baselines.GeneratorShape;
import io.gpunit.models.training.data.FlatColourDomains;
import io.gpunit.models.training.random.RandomArrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class VaeGeneratorTest {

  private static final int SIZE = 8;

  /** Encodes one batch with both domains' encoders; returns [μ_a, μ_b]. */
  private static INDArray[] encodeBoth(SameDiff sd, INDArray images) {
    Map<String, INDArray> out = Inference.output(sd, Map.of("x", images), "mu_a", "mu_b");
    return new INDArray[] {out.get("mu_a").dup(), out.get("mu_b").dup()};
  }

  /** Adds noise to a convolution weight (a bias or a scale would vanish in the instance norm). */
  private static void perturb(SameDiff sd, String name) {
    INDArray w = sd.getArrForVarName(name);
    w.addi(RandomArrays.gaussian(new SplitMix64(4), w.dataType(), w.shape()).muli(0.5));
  }

  @Test
  void aSharedBlockIsOneParameterOnBothPaths() {
    SameDiff sd = SameDiff.create();
    Scope root = Scope.root(sd, Mode.INFERENCE, 1);
    VaeGenerator generator = new VaeGenerator(new GeneratorShape(2, 1, 2), 1, 1);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, SIZE, SIZE);
    Scope genA = root.child("gen_a");
    sd.identity("mu_a", generator.encode(genA, genA, x));
    sd.identity("mu_b", generator.encode(root.child("gen_b"), genA, x));
    INDArray images = new FlatColourDomains(SIZE).images(FlatColourDomains.A, 2, new SplitMix64(3));
    INDArray[] base = encodeBoth(sd, images);
    assertThat(base[0]).isNotEqualTo(base[1]);

    // The shared last residual block: changing A's parameter changes both domains' codes.
    perturb(sd, "gen_a.enc.model.2.model.1.model.0.conv.weight");
    INDArray[] shared = encodeBoth(sd, images);
    assertThat(shared[0]).isNotEqualTo(base[0]);
    assertThat(shared[1]).isNotEqualTo(base[1]);

    // A's own input convolution: only A's code changes.
    perturb(sd, "gen_a.enc.model.0.conv.weight");
    INDArray[] own = encodeBoth(sd, images);
    assertThat(own[0]).isNotEqualTo(shared[0]);
    assertThat(own[1]).isEqualTo(shared[1]);
  }

  @Test
  void latentHasTheContentCodeShape() {
    SameDiff sd = SameDiff.create();
    Scope root = Scope.root(sd, Mode.INFERENCE, 1);
    VaeGenerator generator = new VaeGenerator(new GeneratorShape(2, 1, 1), 0, 0);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, SIZE, SIZE);
    Scope gen = root.child("gen_a");
    SDVariable mu = sd.identity("mu", generator.encode(gen, gen, x));
    sd.identity("y", generator.decode(gen, gen, mu));
    INDArray images = new FlatColourDomains(SIZE).images(FlatColourDomains.A, 3, new SplitMix64(3));
    Map<String, INDArray> out = Inference.output(sd, Map.of("x", images), "mu", "y");
    assertThat(out.get("mu").shape()).containsExactly(3, 4, 4, 4);
    assertThat(out.get("y").shape()).containsExactly(3, 3, SIZE, SIZE);
    assertThat(out.get("y").amaxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
  }
}

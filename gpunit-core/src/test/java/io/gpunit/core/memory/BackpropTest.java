package io.gpunit.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BackpropTest {

  @BeforeAll
  static void cacheOffAsInTraining() {
    SameDiffArrayCache.offUnlessConfigured();
    assertThat(SameDiffArrayCache.enabled())
        .as(
            "these tests need SameDiff's array cache off (-D%s=true was given)",
            SameDiffArrayCache.PROPERTY)
        .isFalse();
  }

  /** L = mean((x·w)²) over N = 2·4 entries, so ∂L/∂w = (2/N)·xᵀ(x·w), written out by hand. */
  @Test
  void givesTheHandComputedGradientAndLossCallAfterCall() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 2, 3);
    INDArray w0 = Nd4j.create(new double[][] {{1, 0, 2, -1}, {0.5, 1, 0, 3}, {-2, 1, 1, 0}});
    SDVariable w = sd.var("w", w0.dup());
    SDVariable y = x.mmul(w);
    y.mul(y).mean().rename("loss").markAsLoss();
    INDArray input = Nd4j.create(new double[][] {{1, 2, 3}, {-1, 0, 2}});
    INDArray xw = input.mmul(w0);
    INDArray expected = input.transpose().mmul(xw).mul(2.0 / 8);
    double expectedLoss = xw.mul(xw).meanNumber().doubleValue();

    OutAndGrad first =
        Backprop.outputsAndGradients(sd, Map.of("x", input), List.of("loss"), List.of("w"));
    OutAndGrad second =
        Backprop.outputsAndGradients(sd, Map.of("x", input), List.of("loss"), List.of("w"));

    for (OutAndGrad out : List.of(first, second)) {
      assertThat(out.getOutputs().get("loss").getDouble(0)).isCloseTo(expectedLoss, within(1e-12));
      assertThat(out.getGradients().get("w").data().asDouble())
          .containsExactly(expected.data().asDouble(), within(1e-12));
    }
    assertThat(Backprop.gradients(sd, Map.of("x", input), List.of("w")).get("w"))
        .isEqualTo(expected);
  }

  /**
   * L = Σ (x·c)·w with c a constant: ∂L/∂x = c·w. The op x·c has no trainable input, which M2.1
   * does not differentiate unless x is named when the gradient function is built (a fixed filter in
   * front of a discriminator, whose input gradient R1 needs).
   */
  @Test
  void givesThePlaceholderGradientThroughAnOpWithoutTrainableInputs() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, 1, 3);
    SDVariable c = sd.constant(Nd4j.create(new double[][] {{2, -1, 0.5}}));
    SDVariable w = sd.var("w", Nd4j.create(new double[][] {{1, 3, -4}}));
    x.mul(c).mul(w).sum().rename("loss").markAsLoss();

    Map<String, INDArray> gradients =
        Backprop.gradients(
            sd, Map.of("x", Nd4j.create(new double[][] {{1, 1, 1}})), List.of("x", "w"));

    assertThat(gradients.get("x").data().asDouble())
        .containsExactly(new double[] {2, -3, -2}, within(1e-12));
    assertThat(gradients.get("w").data().asDouble())
        .containsExactly(new double[] {2, -1, 0.5}, within(1e-12));
  }

  /**
   * Eighty additions on a 4 MiB array, whose outputs the backward pass does not need. M2.1's {@code
   * calculateGradients} keeps every one to the end of the call (measured 400 MB above the settled
   * process; 232 MB with forty additions): the control that shows the peak is measured. Freeing
   * each output once its consumer has run measured 68 MB with forty additions and with eighty: what
   * stays is the call's fixed cost, not one array per op.
   */
  @Test
  void freesIntermediateArraysDuringTheCall() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", Nd4j.rand(DataType.FLOAT, 4, 16, 128, 128));
    long arrayBytes = x.getArr().length() * Float.BYTES;
    SDVariable y = x;
    for (int i = 0; i < 80; i++) {
      y = y.add(1.0);
    }
    y.mean().markAsLoss();

    long m21 = peakAboveSettled(() -> sd.calculateGradients(Map.of(), "x"));
    long freeing = peakAboveSettled(() -> Backprop.gradients(sd, Map.of(), List.of("x")));

    assertThat(m21).as("M2.1's peak above the settled process").isGreaterThan(60 * arrayBytes);
    assertThat(freeing).as("Backprop's peak above the settled process").isLessThan(30 * arrayBytes);
  }

  /**
   * A session records the id of every array it releases, and M2.1 never clears the record: with
   * release on, UNIT's settled memory grew by 130 MB per 100 steps ({@code SoakBenchmark}). M2.1's
   * own call with release on is the control.
   */
  @Test
  void theSessionForgetsTheArraysItReleasedAfterEachCall() {
    SameDiff sd = SameDiff.create();
    SDVariable y = sd.var("x", Nd4j.rand(DataType.FLOAT, 2, 2));
    for (int i = 0; i < 100; i++) {
      y = y.add(1.0);
    }
    y.mean().markAsLoss();
    Backprop.gradients(sd, Map.of(), List.of("x"));
    Backprop.gradients(sd, Map.of(), List.of("x"));
    SameDiff gradFn = sd.getFunction("grad");
    assertThat(gradFn.getSessions()).containsKey(Thread.currentThread().getId());
    assertThat(Sessions.releasedArrays(gradFn)).isEmpty();

    gradFn.output(Map.of(), sd.getVariable("x").getGradient().name());
    assertThat(Sessions.releasedArrays(gradFn))
        .as("M2.1's record after one call")
        .hasSizeGreaterThan(90);
  }

  /** The highest resident memory above the settled process during the second of two calls. */
  private static long peakAboveSettled(Supplier<?> call) {
    call.get();
    long settled = ResidentMemory.settledBytes();
    ResidentMemory.resetPeak();
    call.get();
    return ResidentMemory.peakBytes() - settled;
  }
}

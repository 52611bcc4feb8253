package io.gpunit.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A replayed call ({@link Replay}, {@link OpSchedule}) against SameDiff's own session on the same
 * graph and inputs: the values must be the same bit for bit, since the same kernels run on the same
 * arrays, only without the session's bookkeeping.
 */
class ReplayTest extends ReplayTesting {

  /**
   * A graph with custom ops (conv2d on permuted weights, moments with two outputs, concat), legacy
   * ones (scalar arithmetic, relu, reductions along axes), an identity, a cast placeholder, and the
   * ops a schedule runs as views: permutes, reshapes (one of a permuted view, which must copy, one
   * requested as an output, which must be a whole array) and a {@code stop_gradient} of a
   * placeholder that is requested.
   */
  private static SameDiff network() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, 8, 8);
    SDVariable w = sd.var("w", Nd4j.rand(DataType.FLOAT, 4, 3, 3, 3).subi(0.5)); // as PyTorch's

    SDVariable b = sd.var("b", Nd4j.rand(DataType.FLOAT, 4));
    SDVariable conv =
        sd.cnn()
            .conv2d(
                x,
                sd.permute(w, 2, 3, 1, 0),
                b,
                Conv2DConfig.builder()
                    .kH(3)
                    .kW(3)
                    .pH(1)
                    .pW(1)
                    .paddingMode(PaddingMode.VALID)
                    .dataFormat("NCHW")
                    .build());
    SDVariable[] moments = sd.math().moments(conv, new int[] {2, 3}, true);
    SDVariable normalized =
        conv.sub(moments[0]).div(sd.math().sqrt(moments[1].add(1e-5))).mul(0.5).add(0.1);
    SDVariable activated = sd.nn().leakyRelu(normalized, 0.2);
    SDVariable same = sd.identity(activated);
    SDVariable joined = sd.concat(1, same, conv);
    SDVariable flat = sd.reshape(joined, sd.constant(Nd4j.createFromArray(-1L, 8 * 64L)));
    sd.permute(flat, 1, 0).sum(0).rename("pooled");
    sd.permute(conv, 0, 2, 3, 1).reshape(-1, 4).sum(0).rename("channels");
    activated.reshape(-1, 4 * 64).rename("rows");
    new StopGradient(sd, x).outputVariable().rename("frozen");
    same.rename("features");
    sd.math().square(activated).mean().rename("loss").markAsLoss();
    return sd;
  }

  @Test
  void replayedCallsComputeWhatTheSessionComputesBitForBit() {
    SameDiff sd = network();
    AtomicInteger sessionCalls = new AtomicInteger();
    String[] outputs = {"pooled", "features", "loss", "channels", "rows", "frozen"};
    List<INDArray> inputs =
        List.of(
            Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8),
            Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8),
            Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8), // dead arrays' buffers reused (BufferPool)
            Nd4j.rand(DataType.FLOAT, 3, 3, 8, 8), // another batch size: shapes recomputed
            Nd4j.rand(DataType.DOUBLE, 2, 3, 8, 8)); // cast to the placeholder's type
    for (INDArray input : inputs) {
      Map<String, INDArray> replayed =
          Replay.output(sd, Map.of("x", input), outputs, sessionCalls::incrementAndGet);
      Map<String, INDArray> session = viaSession(() -> sd.output(Map.of("x", input), outputs));
      for (String name : outputs) {
        assertThat(replayed.get(name)).as(name).isEqualTo(session.get(name));
        assertThat(replayed.get(name).wasClosed()).as(name).isFalse();
        assertThat(replayed.get(name).isView()).as(name + " is a whole array").isFalse();
      }
    }
    assertThat(sessionCalls).as("calls that went through the session").hasValue(1);
    assertThat(Replay.replays(sd)).isTrue();
  }

  /** The parameters and input {@link #gradientStep} differentiates. */
  private static final List<String> NETWORK_WRT = List.of("w", "b", "x");

  /** One call for the loss of {@code sd} (a {@link #network()}) and its gradients, fixed input. */
  private static Supplier<OutAndGrad> gradientStep(SameDiff sd) {
    INDArray input = Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8);
    return () -> Backprop.outputsAndGradients(sd, Map.of("x", input), List.of("loss"), NETWORK_WRT);
  }

  /**
   * Once a schedule knows its sizes, a call takes every buffer from its pool (kept within the call
   * or carried from the previous one) but those of the arrays it returns.
   */
  @Test
  void aSteadyCallAllocatesOnlyTheArraysItReturns() {
    Supplier<OutAndGrad> step = gradientStep(network());
    for (int i = 0; i < 3; i++) {
      step.get(); // the session's call, then replays that learn where the calls allocate
    }

    long allocated = BufferPool.ALLOCATED.get();
    OutAndGrad steady = step.get();

    assertThat(BufferPool.ALLOCATED.get() - allocated)
        .as("buffers allocated afresh: one per returned array at most")
        .isLessThanOrEqualTo(steady.getOutputs().size() + steady.getGradients().size());
    assertThat(BufferPool.carriedBytes()).isPositive();
  }

  @Test
  void gradientsOfAReplayedGradientFunctionAreTheSessionsBitForBit() {
    SameDiff sd = network();
    Supplier<OutAndGrad> step = gradientStep(sd);

    OutAndGrad first = step.get();
    step.get(); // the first replay, which records where the call allocates
    long reused = BufferPool.REUSED.get();
    OutAndGrad replayed = step.get(); // reuses dead arrays' buffers
    assertThat(BufferPool.REUSED.get()).as("buffers reused").isGreaterThan(reused);
    OutAndGrad session = viaSession(step);

    assertThat(Replay.replays(sd.getFunction("grad")))
        .as("the gradient function is replayed")
        .isTrue();
    assertThat(replayed.getOutputs().get("loss")).isEqualTo(session.getOutputs().get("loss"));
    assertThat(first.getOutputs().get("loss")).isEqualTo(session.getOutputs().get("loss"));
    for (String name : NETWORK_WRT) {
      assertThat(replayed.getGradients().get(name))
          .as(name)
          .isEqualTo(session.getGradients().get(name));
      assertThat(first.getGradients().get(name))
          .as(name)
          .isEqualTo(session.getGradients().get(name));
    }
  }

  /** Output shapes are kept between calls (StepContext): a shape given as a value changes them. */
  @Test
  void aShapeGivenAsAValueIsReadInEveryCall() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, 1, 12);
    SDVariable shape = sd.placeHolder("shape", DataType.LONG, 2);
    // fill sizes its output from the shape's values, in M2.1's shape function.
    sd.reshape(x, shape).mul(sd.fill(shape, DataType.FLOAT, 2)).rename("y");
    INDArray input = Nd4j.rand(DataType.FLOAT, 1, 12);
    for (long[] target : new long[][] {{3, 4}, {3, 4}, {4, 3}, {2, 6}, {3, 4}}) {
      Map<String, INDArray> feed = Map.of("x", input, "shape", Nd4j.createFromArray(target));
      INDArray replayed = Replay.output(sd, feed, new String[] {"y"}, () -> {}).get("y");
      assertThat(replayed.shape()).containsExactly(target);
      assertThat(replayed).isEqualTo(input.reshape(target).mul(2));
    }
    assertThat(Replay.replays(sd)).isTrue();
  }

  @Test
  void aGraphThatGrewSinceTheRecordingIsRecordedAgain() {
    SameDiff sd = network();
    AtomicInteger sessionCalls = new AtomicInteger();
    INDArray input = Nd4j.rand(DataType.FLOAT, 1, 3, 8, 8);
    Supplier<Map<String, INDArray>> call =
        () ->
            Replay.output(
                sd, Map.of("x", input), new String[] {"loss"}, sessionCalls::incrementAndGet);
    call.get();
    call.get();
    sd.getVariable("loss").mul(2).rename("twice");
    INDArray after = call.get().get("loss");

    assertThat(sessionCalls).hasValue(2);
    assertThat(after)
        .isEqualTo(viaSession(() -> sd.output(Map.of("x", input), "loss")).get("loss"));
  }

  /**
   * A schedule must not keep its graph (and so its weights) alive: a trainer builds graphs as it
   * goes (EMA copies, evaluation), and the first version of this cache held every one of them: the
   * demo's peak resident memory went from 1.5 to 6 GB.
   */
  @Test
  void aReplayedGraphCanBeCollected() throws InterruptedException {
    WeakReference<SameDiff> graph = replayedGraph();
    for (int i = 0; i < 50 && graph.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(graph.get()).as("the graph after the collector ran").isNull();
  }

  private static WeakReference<SameDiff> replayedGraph() {
    SameDiff sd = network();
    Map<String, INDArray> feed = Map.of("x", Nd4j.rand(DataType.FLOAT, 1, 3, 8, 8));
    Sessions.output(sd, feed, "loss");
    Sessions.output(sd, feed, "loss");
    assertThat(Replay.replays(sd)).isTrue();
    sd.getSessions().clear();
    return new WeakReference<>(sd);
  }

  @Test
  void aMissingPlaceholderIsNamed() {
    SameDiff sd = network();
    Sessions.output(sd, Map.of("x", Nd4j.rand(DataType.FLOAT, 1, 3, 8, 8)), "loss");

    assertThatThrownBy(() -> Sessions.output(sd, Map.of(), "loss"))
        .hasMessageContaining("\"x\"")
        .hasMessageContaining("not provided");
  }

  /** {@code call} with replay off: through SameDiff's session. */
  @Test
  void leakyReluAndItsGradientKeepM21sValuesAtZerosNaNAndSubnormals() {
    // The schedule computes both from other kernels; M2.1's own give g where x >= 0 (NaN too).
    // With a NaN in x, or in float64 (where the other kernels round α differently), the gradient
    // falls back to M2.1's kernel; otherwise it runs on the others.
    float[] withNaN = {-1.5f, -0.0f, 0.0f, 2.5f, Float.NaN, 1e-40f, -1e-40f, -3e-7f};
    float[] withoutNaN = {-1.5f, -0.0f, 0.0f, 2.5f, -7f, 1e-40f, -1e-40f, -3e-7f};
    record Case(float[] values, DataType type, int kernels) {}
    for (Case c :
        List.of(
            new Case(withNaN, DataType.FLOAT, 0),
            new Case(withoutNaN, DataType.FLOAT, 1),
            new Case(withoutNaN, DataType.DOUBLE, 0))) {
      SameDiff sd = SameDiff.create();
      SDVariable x = sd.placeHolder("x", c.type(), -1);
      SDVariable y = sd.nn().leakyRelu(x, 0.2).rename("y");
      SDVariable weights =
          sd.constant(Nd4j.createFromArray(3f, -2f, 5f, 7f, 11f, -13f, 0.5f, 1f).castTo(c.type()));
      y.mul(weights).sum().rename("loss").markAsLoss();
      INDArray input = Nd4j.createFromArray(c.values()).castTo(c.type());
      Supplier<OutAndGrad> call =
          () -> Backprop.outputsAndGradients(sd, Map.of("x", input), List.of("y"), List.of("x"));

      Replayed run = replayAndSession(call, StepKernels.LEAKY_RELU_GRADIENTS);
      OutAndGrad replayed = run.replayed();
      OutAndGrad session = run.session();

      assertThat(Replay.replays(sd.getFunction("grad"))).isTrue();
      assertThat(run.counted()).as("%s", c.type()).isEqualTo(c.kernels());
      assertThat(bits(replayed.getOutputs().get("y")))
          .isEqualTo(bits(session.getOutputs().get("y")));
      assertThat(bits(replayed.getGradients().get("x")))
          .isEqualTo(bits(session.getGradients().get("x")));
      assertThat(replayed.getGradients().get("x").getDouble(2)).as("at x = 0: g").isEqualTo(5);
    }
  }

  /**
   * Two frozen convolutions a gradient passes through (their weights take none) and a trained one:
   * the stride-1 frozen one runs as {@code deconv2d}; the stride-2 one on an even size cannot (the
   * transposed convolution gives 9 rows of the 10) and stays {@code conv2d_bp}; the trained one
   * needs its weight gradient.
   */
  @Test
  void aFrozenConvolutionComputesOnlyItsInputGradientWithTheSessionsValues() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, 10, 10);
    SDVariable h = convolution(sd, x, sd.var("frozen1", Nd4j.rand(DataType.FLOAT, 4, 3, 3, 3)), 1);
    h =
        convolution(
            sd, sd.nn().tanh(h), sd.var("frozen2", Nd4j.rand(DataType.FLOAT, 5, 4, 3, 3)), 2);
    h =
        convolution(
            sd, sd.nn().tanh(h), sd.var("trained", Nd4j.rand(DataType.FLOAT, 2, 5, 3, 3)), 1);
    sd.math().square(h).mean().rename("loss").markAsLoss();
    INDArray input = Nd4j.rand(DataType.FLOAT, 2, 3, 10, 10).subi(0.5);
    List<String> wrt = List.of("x", "trained");
    Supplier<OutAndGrad> call =
        () -> Backprop.outputsAndGradients(sd, Map.of("x", input), List.of("loss"), wrt);

    Replayed run = replayAndSession(call, StepKernels.INPUT_GRADIENTS);
    OutAndGrad replayed = run.replayed();
    OutAndGrad session = run.session();

    assertThat(Replay.replays(sd.getFunction("grad"))).isTrue();
    assertThat(run.counted())
        .as("convolutions that computed only their input gradient")
        .isEqualTo(1);
    for (String name : wrt) {
      assertThat(bits(replayed.getGradients().get(name)))
          .as(name)
          .isEqualTo(bits(session.getGradients().get(name)));
    }
  }

  /**
   * Concatenations along the last axis with one-pixel parts (reflection padding's), along the
   * channel and batch axes, and of a permuted part: the schedule copies each part into its slice,
   * with the session's values and gradients.
   */
  @Test
  void concatenationsKeepTheSessionsValuesAlongEveryAxis() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, 5, 4);
    SDVariable y = sd.var("y", Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5));
    SDVariable border = x.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(1, 2));
    // Runs shorter than StepKernels.LONG_RUN along every axis: the slice copies.
    SDVariable wide = sd.concat(3, border, x, border); // [2, 3, 5, 6], runs of 1
    SDVariable pooled = x.mean(true, 2, 3);
    SDVariable channels = sd.concat(1, pooled, sd.math().tanh(pooled)); // [2, 6, 1, 1], runs of 3
    SDVariable rows = x.mean(2, 3);
    SDVariable batch = sd.concat(0, rows, rows.mul(2)); // [4, 3], runs of 6
    SDVariable mixed = sd.concat(3, x, sd.permute(y, 0, 1, 3, 2)); // [2, 3, 5, 8], runs of 4
    // Long runs, fewer rows before the axis than values in a run: M2.1's kernel on rows.
    SDVariable deep = sd.concat(1, wide, sd.math().tanh(wide)); // [2, 6, 5, 6], 2 runs of 90
    SDVariable tall = sd.concat(2, wide, wide.mul(3)); // [2, 3, 10, 6], 6 runs of 30
    // Long runs, as many rows as values or more: M2.1's kernel as it is.
    SDVariable doubled = sd.concat(3, mixed, mixed); // [2, 3, 5, 16], 30 runs of 8
    deep.mul(sd.constant(Nd4j.rand(DataType.FLOAT, 2, 6, 5, 6)))
        .sum()
        .add(tall.sum())
        .add(doubled.mul(doubled).sum())
        .add(mixed.mul(mixed).sum())
        .add(channels.mul(channels).sum())
        .add(batch.mul(sd.constant(Nd4j.rand(DataType.FLOAT, 4, 3))).sum())
        .rename("loss")
        .markAsLoss();
    INDArray input = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 4);
    List<String> wrt = List.of("x", "y");
    Supplier<OutAndGrad> call =
        () -> Backprop.outputsAndGradients(sd, Map.of("x", input), List.of("loss"), wrt);

    Replayed run =
        replayAndSession(call, StepKernels.CONCATENATIONS, StepKernels.ROW_CONCATENATIONS);

    assertThat(run.counted()).as("concatenations of short runs copied into slices").isEqualTo(4);
    assertThat(run.counted(1)).as("concatenations of few long runs, as rows").isEqualTo(2);
    assertThat(bits(run.replayed().getOutputs().get("loss")))
        .isEqualTo(bits(run.session().getOutputs().get("loss")));
    for (String name : wrt) {
      assertThat(bits(run.replayed().getGradients().get(name)))
          .as(name)
          .isEqualTo(bits(run.session().getGradients().get(name)));
    }
  }

  /**
   * Means over one inner axis of dense float32 arrays with at least 16 values along the last (an
   * NHWC instance norm's, W then H) run as poolings with the session's bits; means over the last
   * axis, of fewer channels, without kept dimensions or in float64 stay M2.1's.
   */
  @Test
  void axisMeansRunAsPoolingsWithTheSessionsValues() {
    for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
      SameDiff sd = SameDiff.create();
      SDVariable x = sd.placeHolder("x", type, -1, 37, 41, 32);
      SDVariable narrow = sd.placeHolder("narrow", type, -1, 9, 11, 8);
      SDVariable widthThenHeight = x.mean(true, 2).mean(true, 1); // two poolings
      SDVariable height = sd.math().tanh(x).mean(true, 1); // one pooling
      SDVariable native1 = x.mean(true, 3).add(narrow.mean(true, 2).sum());
      SDVariable native2 = x.mean(false, 2).sum();
      SDVariable transposed = sd.permute(x, 0, 2, 1, 3).mean(true, 1); // one pooling (on a copy)
      widthThenHeight
          .mul(widthThenHeight)
          .sum()
          .add(height.mul(sd.constant(Nd4j.rand(DataType.FLOAT, 1, 1, 41, 32).castTo(type))).sum())
          .add(native1.sum())
          .add(native2)
          .add(transposed.sum())
          .rename("loss")
          .markAsLoss();
      // Values of mixed magnitude, so that the order of each sum shows in its bits.
      INDArray input = Nd4j.randn(DataType.FLOAT, 3, 37, 41, 32).muli(100).addi(7).castTo(type);
      INDArray narrowInput = Nd4j.randn(DataType.FLOAT, 3, 9, 11, 8).castTo(type);
      Supplier<OutAndGrad> call =
          () ->
              Backprop.outputsAndGradients(
                  sd,
                  Map.of("x", input, "narrow", narrowInput),
                  List.of("loss"),
                  List.of("x", "narrow"));

      Replayed run = replayAndSession(call, StepKernels.AXIS_MEANS);

      assertThat(run.counted())
          .as("%s means run as poolings", type)
          .isEqualTo(type == DataType.FLOAT ? 4 : 0);
      assertThat(bits(run.replayed().getOutputs().get("loss")))
          .isEqualTo(bits(run.session().getOutputs().get("loss")));
      for (String name : List.of("x", "narrow")) {
        assertThat(bits(run.replayed().getGradients().get(name)))
            .as(name)
            .isEqualTo(bits(run.session().getGradients().get(name)));
      }
    }
  }

  private static long[] bits(INDArray values) {
    if (values.dataType() == DataType.DOUBLE) {
      return Arrays.stream(values.ravel().toDoubleVector())
          .mapToLong(Double::doubleToRawLongBits)
          .toArray();
    }
    float[] floats = values.ravel().toFloatVector();
    long[] out = new long[floats.length];
    for (int i = 0; i < floats.length; i++) {
      out[i] = Float.floatToRawIntBits(floats[i]);
    }
    return out;
  }

  /**
   * A recording call, then a replayed one (and how far it moved each counter), then the session.
   */
  private record Replayed(OutAndGrad replayed, long[] counts, OutAndGrad session) {
    /** How far the replayed call moved the first counter. */
    long counted() {
      return counted(0);
    }

    long counted(int counter) {
      return counts[counter];
    }
  }

  private static Replayed replayAndSession(Supplier<OutAndGrad> call, AtomicLong... counters) {
    call.get();
    long[] counts = Arrays.stream(counters).mapToLong(AtomicLong::get).toArray();
    OutAndGrad replayed = call.get();
    for (int i = 0; i < counters.length; i++) {
      counts[i] = counters[i].get() - counts[i];
    }
    return new Replayed(replayed, counts, viaSession(call));
  }
}

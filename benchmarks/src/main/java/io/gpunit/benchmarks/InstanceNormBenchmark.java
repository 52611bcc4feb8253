package io.gpunit.benchmarks;

import io.gpunit.core.nn.InstanceNorm;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward and backward of one instance normalisation, the op pattern that dominated a GP-UNIT
 * training step's profile (broadcast {@code multiply_bp}, 21 %): {@code PLAIN} as the content
 * encoder runs it, {@code MODULATED} as AdaIN does (per-sample γ, β). {@code library} is {@link
 * InstanceNorm}; {@code multiply} the formulation it replaced, {@code (x − μ) · rsqrt(σ² + eps)}
 * then {@code · γ + β}, so the two can be compared on any backend.
 *
 * <p>Each invocation starts after a collection, as a training step does under {@code
 * NativeMemoryGuard}: without it the dead arrays of earlier invocations pile up and every new array
 * faults in fresh pages, which swamps the ops being measured.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class InstanceNormBenchmark {

  /** N×C×H×W: the content encoder's first block at 256², and a generator layer at 32². */
  @Param({"4x8x256x256", "4x32x32x32"})
  public String shape;

  @Param({"PLAIN", "MODULATED"})
  public String form;

  @Param({"library", "multiply"})
  public String formulation;

  private SameDiff sd;
  private List<String> differentiated;

  @Setup
  public void setUp() {
    long[] s = Arrays.stream(shape.split("x")).mapToLong(Long::parseLong).toArray();
    Nd4j.getRandom().setSeed(7);
    sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.TRAINING, 7);
    SDVariable x = sd.var("x", Nd4j.rand(DataType.FLOAT, s).muli(2).subi(1));
    SDVariable gamma = sd.var("gamma", Nd4j.rand(DataType.FLOAT, s[0], s[1], 1, 1).addi(0.5));
    SDVariable beta = sd.var("beta", Nd4j.rand(DataType.FLOAT, s[0], s[1], 1, 1));
    boolean modulated = form.equals("MODULATED");
    InstanceNorm norm = InstanceNorm.builder((int) s[1]).build();
    SDVariable y;
    if (formulation.equals("library")) {
      y = modulated ? norm.modulate(scope, x, gamma, beta) : norm.apply(scope, x);
    } else {
      SDVariable centred = x.sub(x.mean(true, 3).mean(true, 2));
      SDVariable variance = centred.mul(centred).mean(true, 3).mean(true, 2);
      y = centred.mul(sd.math().rsqrt(variance.add(1e-5)));
      y = modulated ? y.mul(gamma).add(beta) : y;
    }
    sd.setLossVariables(y.mul(sd.constant("w", Nd4j.rand(DataType.FLOAT, s))).sum());
    differentiated = modulated ? List.of("x", "gamma", "beta") : List.of("x");
  }

  @Setup(Level.Invocation)
  public void collect() {
    System.gc();
  }

  @Benchmark
  public Map<String, INDArray> forwardBackward() {
    return sd.calculateGradients(Map.of(), differentiated);
  }
}

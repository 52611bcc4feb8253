package io.gpunit.benchmarks;

import io.gpunit.core.data.synthetic.Sample;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** Rendering throughput of the synthetic prior at 64² (target: thousands of images/s on 2 cores). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Threads(2)
@Fork(1)
public class SyntheticPriorBenchmark {

  private SyntheticPrior prior;
  private Random random;
  private long styleSeed;

  @Setup
  public void setUp() {
    prior = SyntheticPrior.builder().size(64).build();
    random = new Random(11);
  }

  @Benchmark
  public Sample render64() {
    return prior.render(prior.sampleLatent(random), SyntheticClass.CAT, styleSeed++);
  }
}

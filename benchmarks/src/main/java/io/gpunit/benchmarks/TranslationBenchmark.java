package io.gpunit.benchmarks;

import io.gpunit.models.gpunit.GpUnitConfig;
import io.gpunit.models.gpunit.GpUnitGraph;
import io.gpunit.models.gpunit.GpUnitGraphOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One exemplar-guided GP-UNIT translation of a 256² image at the official widths (content encoder +
 * style encoder + generator; weights are random, which does not change the cost). The official
 * PyTorch code takes about 0.31 s for the same work on the project's 2-core machines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class TranslationBenchmark {

  private GpUnitGraph graph;
  private Map<String, INDArray> inputs;

  @Setup
  public void setUp() {
    graph = GpUnitGraph.create(GpUnitConfig.DEFAULT, GpUnitGraphOptions.DEFAULT);
    Nd4j.getRandom().setSeed(7);
    INDArray content = Nd4j.rand(DataType.FLOAT, 1, 3, 256, 256).muli(2).subi(1);
    INDArray style = Nd4j.rand(DataType.FLOAT, 1, 3, 256, 256).muli(2).subi(1);
    inputs = Map.of(GpUnitGraph.CONTENT, content, GpUnitGraph.STYLE_IMAGE, style);
  }

  @Benchmark
  public INDArray exemplarTranslation256() {
    return graph.output(inputs, GpUnitGraph.EXEMPLAR_TRANSLATION).get(GpUnitGraph.EXEMPLAR_TRANSLATION);
  }
}

package io.gpunit.benchmarks;

import io.gpunit.core.memory.ResidentMemory;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.ConvTranspose2d;
import io.gpunit.core.nn.InstanceNorm;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.PadMode;
import io.gpunit.core.nn.ReflectionPad2d;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.nn.Upsample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.autodiff.samediff.SDIndex;

/**
 * Which ND4J ops leak native memory? ND4J 1.0.0-M2.1's {@code reverse} and {@code cumsum} leak on
 * every call (their helpers' sub-array views are never freed), which made every trainer grow without
 * bound. This audit runs each op (and layer) a training path uses as a one-op graph, {@code
 * mean(op(x)²)} differentiated with respect to {@code x} and the layer's parameters, so forward and
 * backward op both run, on {@code x} of shape [4, 16, 64, 64] (1 MiB): {@code --passes} times after
 * a warm-up, and prints the settled resident memory gained per pass ({@link
 * ResidentMemory#settledBytes()}). {@code reverse} and {@code cumsum} stay in the table as controls
 * that show the audit can see a leak. Exits with status 1 if any op other than the controls gains
 * more than 256 KiB a pass (the measurement's noise at 200 passes is about 100 KiB).
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * MALLOC_ARENA_MAX=2 java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar io.gpunit.benchmarks.OpLeakAudit [passes=200] [op ...]
 * </pre>
 */
public final class OpLeakAudit {

  private static final long ALLOWED_BYTES_PER_PASS = 256 << 10;
  private static final int WARMUP = 10;
  private static final long[] SHAPE = {4, 16, 64, 64};

  /** The ops known to leak, kept to show that the audit detects a leak. */
  private static final Set<String> CONTROLS = Set.of("reverse", "cumsum");

  private OpLeakAudit() {}

  /** Builds the op's output from {@code x} (a trainable [4, 16, 64, 64] variable) in {@code scope}. */
  private static Map<String, BiFunction<Scope, SDVariable, SDVariable>> ops() {
    Map<String, BiFunction<Scope, SDVariable, SDVariable>> ops = new LinkedHashMap<>();
    ops.put("reverse", (s, x) -> sd(x).reverse(x, 2));
    ops.put("cumsum", (s, x) -> sd(x).cumsum(x, false, false, 2));
    ops.put("strided_slice", (s, x) -> x.get(
        SDIndex.all(),
        SDIndex.all(),
        SDIndex.interval(1, 63),
        SDIndex.all()));
    ops.put("concat", (s, x) -> sd(x).concat(1, x, x.mul(2)));
    ops.put("add/sub broadcast", (s, x) -> x.add(x.mean(true, 2, 3)).sub(x.mean(true, 1)));
    ops.put("mul/div broadcast", (s, x) -> x.mul(x.mean(true, 2, 3)).div(sd(x).standardDeviation(x, true, true, 2, 3).add(1)));
    ops.put("mean/sum", (s, x) -> x.mean(true, 2, 3).add(x.sum(true, 1)));
    ops.put("variance/std", (s, x) -> sd(x).standardDeviation(x, false, true, 2, 3).add(sd(x).variance(x, false, true, 1)));
    ops.put("sqrt/reciprocal", (s, x) -> sd(x).math().reciprocal(sd(x).math().sqrt(x.mul(x).add(1))));
    ops.put("tanh", (s, x) -> sd(x).math().tanh(x));
    ops.put("relu", (s, x) -> sd(x).nn().relu(x, 0));
    ops.put("leakyrelu", (s, x) -> sd(x).nn().leakyRelu(x, 0.2));
    ops.put("sigmoid", (s, x) -> sd(x).nn().sigmoid(x));
    ops.put("softplus", (s, x) -> sd(x).nn().softplus(x));
    ops.put("exp/log/log1p", (s, x) -> sd(x).math().log(sd(x).math().exp(x).add(1)).add(sd(x).math().log1p(x.mul(x))));
    ops.put("abs", (s, x) -> sd(x).math().abs(x));
    ops.put("square/pow", (s, x) -> sd(x).math().square(x).add(x.pow(3)));
    ops.put("max", (s, x) -> sd(x).math().max(x, x.mul(-1)));
    ops.put("mmul", (s, x) -> sd(x).mmul(x.reshape(64, 4096), x.reshape(4096, 64)));
    ops.put("reshape/permute", (s, x) -> x.permute(0, 2, 3, 1).reshape(4, 64 * 64, 16));
    ops.put("tile", (s, x) -> sd(x).tile(x.mean(true, 2, 3), 1, 1, 4, 4));
    ops.put("pad (zero)", (s, x) -> sd(x).nn().pad(x, sd(x).constant(Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {1, 1}, {1, 1}})), 0));
    ops.put("avgpool2d", (s, x) -> sd(x).cnn().avgPooling2d(x, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).isNHWC(false).build()));
    ops.put("maxpool2d", (s, x) -> sd(x).cnn().maxPooling2d(x, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).isNHWC(false).build()));
    ops.put("ReflectionPad2d(1)", (s, x) -> ReflectionPad2d.of(1).apply(x));
    ops.put("ReflectionPad2d(3)", (s, x) -> ReflectionPad2d.of(3).apply(x));
    ops.put("Conv2d 3x3 reflect", (s, x) -> Conv2d.builder(16, 16, 3).padding(1).padMode(PadMode.REFLECT).build().apply(s.child("conv"), x));
    ops.put("Conv2d 7x7 spectral", (s, x) -> Conv2d.builder(16, 16, 7).padding(3).spectralNorm(true).build().apply(s.child("sn"), x));
    ops.put("ConvTranspose2d", (s, x) -> ConvTranspose2d.builder(16, 8, 4).stride(2).padding(1).build().apply(s.child("deconv"), x));
    ops.put("InstanceNorm", (s, x) -> InstanceNorm.builder(16).affine(true).build().apply(s.child("in"), x));
    ops.put("Upsample nearest", (s, x) -> Upsample.nearest(2).apply(x));
    ops.put("Upsample bilinear", (s, x) -> Upsample.bilinear(96, 96).apply(x));
    return ops;
  }

  private static SameDiff sd(SDVariable x) {
    return x.getSameDiff();
  }

  public static void main(String[] args) {
    int passes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Map<String, BiFunction<Scope, SDVariable, SDVariable>> ops = ops();
    if (args.length > 1) {
      ops.keySet().retainAll(List.of(args).subList(1, args.length));
    }
    System.out.printf(Locale.ROOT, "%-22s %14s%n", "op", "KiB per pass");
    boolean leak = false;
    for (Map.Entry<String, BiFunction<Scope, SDVariable, SDVariable>> op : ops.entrySet()) {
      double perPass = bytesPerPass(op.getValue(), passes);
      boolean leaks = perPass > ALLOWED_BYTES_PER_PASS;
      boolean control = CONTROLS.contains(op.getKey());
      leak |= leaks && !control;
      System.out.printf(
          Locale.ROOT,
          "%-22s %14.1f%s%n",
          op.getKey(),
          perPass / 1024,
          leaks ? (control ? "   leaks (control)" : "   LEAKS") : "");
    }
    System.exit(leak ? 1 : 0);
  }

  private static double bytesPerPass(BiFunction<Scope, SDVariable, SDVariable> op, int passes) {
    SameDiff sd = SameDiff.create();
    Scope scope = Scope.root(sd, Mode.TRAINING, 1);
    SDVariable x = sd.var("x", Nd4j.rand(DataType.FLOAT, SHAPE));
    SDVariable y = op.apply(scope, x);
    y.mul(y).mean().markAsLoss();
    String[] wrt = sd.variables().stream()
        .filter(v -> v.getVariableType() == VariableType.VARIABLE)
        .map(SDVariable::name)
        .toArray(String[]::new);
    for (int i = 0; i < WARMUP; i++) {
      sd.calculateGradients(Map.of(), wrt);
    }
    long before = ResidentMemory.settledBytes();
    for (int i = 0; i < passes; i++) {
      sd.calculateGradients(Map.of(), wrt);
    }
    return (double) (ResidentMemory.settledBytes() - before) / passes;
  }
}

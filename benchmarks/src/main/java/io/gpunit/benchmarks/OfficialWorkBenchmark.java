package io.gpunit.benchmarks;

import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.nn.Layout;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.core.weights.TensorSource;
import io.gpunit.losses.perceptual.Vgg19Features;
import io.gpunit.models.gpunit.ContentEncoder;
import io.gpunit.models.gpunit.ContentEncoderConfig;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.GpUnitConfig;
import io.gpunit.models.gpunit.GpUnitGraph;
import io.gpunit.models.gpunit.GpUnitGraphOptions;
import io.gpunit.models.gpunit.stage2.GpUnitTrainer;
import io.gpunit.models.gpunit.stage2.GpUnitTrainerConfig;
import io.gpunit.models.training.data.UnpairedBatches;
import io.gpunit.models.training.loop.NativeMemoryGuard;
import io.gpunit.models.training.random.RandomArrays;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gpunit side of {@code benchmarks/compare-with-pytorch.sh}: the work {@code
 * ../shared/bench/official_perf.py} times, done by gpunit, with its JSON line ({@code median_s},
 * {@code min_s}, {@code max_s}).
 *
 * <ul>
 *   <li>{@code --mode fwd}: exemplar-guided translation E_c(x) → G(c, y) at 256², inference, the
 *       released models' widths (random weights, as the official side's); {@code --layout NCHW} or
 *       {@code NHWC} sets the graph's activation layout (default: the library's).
 *   <li>{@code --mode train}: one stage-2 iteration with the official recipe ({@code
 *       officialRecipe}: G step with L_adv, L_con, L_sty, L_msk, L_rec with VGG19 up to relu5_1; D
 *       step with R1; Adam on both; EMA) at 256² on random images; {@code --widths small} is the
 *       dev fixture's (E_c nef 8, official style encoder, D max width 128), {@code full} the
 *       released models'. VGG19 has random weights on both sides.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.gpunit.benchmarks.OfficialWorkBenchmark \
 *     --mode train --widths small --batch 1 --reps 3 --warmup 1
 * </pre>
 */
public final class OfficialWorkBenchmark {

  private static final int SIZE = 256;

  private OfficialWorkBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = options(args);
    String mode = a.getOrDefault("mode", "fwd");
    String widths = a.getOrDefault("widths", "full");
    int batch = Integer.parseInt(a.getOrDefault("batch", "1"));
    int reps = Integer.parseInt(a.getOrDefault("reps", "5"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "2"));
    Supplier<Object> work =
        switch (mode) {
          case "fwd" ->
              translation(
                  widths,
                  batch,
                  Layout.valueOf(
                      a.getOrDefault("layout", GpUnitGraphOptions.DEFAULT.layout().name())));
          case "train" -> trainingIteration(widths, batch);
          default -> throw new IllegalArgumentException("--mode is fwd or train, got " + mode);
        };
    for (int i = 0; i < warmup; i++) {
      work.get();
    }
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      long start = System.nanoTime();
      work.get();
      seconds.add((System.nanoTime() - start) / 1e9);
    }
    double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "{\"impl\": \"gpunit\", \"widths\": \"%s\", \"mode\": \"%s\", \"batch\": %d, \"size\": %d,"
            + " \"median_s\": %.4f, \"min_s\": %.4f, \"max_s\": %.4f}%n",
        widths,
        mode,
        batch,
        SIZE,
        median(sorted),
        sorted[0],
        sorted[sorted.length - 1]);
  }

  private static Supplier<Object> translation(String widths, int batch, Layout layout) {
    if (!widths.equals("full")) {
      throw new IllegalArgumentException("translation is timed at the released widths (full)");
    }
    GpUnitGraph graph =
        GpUnitGraph.create(GpUnitConfig.DEFAULT, GpUnitGraphOptions.DEFAULT.withLayout(layout));
    SplitMix64 random = new SplitMix64(7);
    Map<String, INDArray> inputs =
        Map.of(
            GpUnitGraph.CONTENT, images(random, batch),
            GpUnitGraph.STYLE_IMAGE, images(random, batch));
    return () ->
        graph
            .output(inputs, GpUnitGraph.EXEMPLAR_TRANSLATION)
            .get(GpUnitGraph.EXEMPLAR_TRANSLATION);
  }

  private static Supplier<Object> trainingIteration(String widths, int batch) throws Exception {
    boolean small = widths.equals("small");
    GpUnitTrainer trainer =
        GpUnitTrainer.builder()
            .config(
                GpUnitTrainerConfig.builder()
                    .batchSize(batch)
                    .discriminatorWidths(64, small ? 128 : 512)
                    .officialRecipe(true)
                    .seed(1)
                    .build())
            .data(new RandomImages())
            .contentEncoder(new ContentEncoderFile(randomEncoder(small ? 8 : 64), SIZE))
            .perceptual(Vgg19Features.builder(randomVgg19()).upTo("relu5_1").build())
            .checkpoint(Files.createTempDirectory("official-work").resolve("c.safetensors"))
            .build();
    NativeMemoryGuard guard = NativeMemoryGuard.forTraining();
    long[] step = {0};
    return () -> {
      Map<String, Double> losses = trainer.run(step[0]++);
      guard.check();
      return losses;
    };
  }

  /** Uniform [-1, 1] images, as the official script's {@code torch.rand(...) * 2 - 1}. */
  private static INDArray images(SplitMix64 random, int batch) {
    return RandomArrays.uniform(random, DataType.FLOAT, batch, 3, SIZE, SIZE).muli(2).subi(1);
  }

  /** Random 256² images in both domains. */
  private static final class RandomImages implements UnpairedBatches {
    @Override
    public int imageSize() {
      return SIZE;
    }

    @Override
    public TwoDomainBatch batch(int size, SplitMix64 random) {
      return new TwoDomainBatch(images(random, size), images(random, size));
    }

    @Override
    public String toString() {
      return "random" + SIZE;
    }
  }

  /** A content encoder of base width {@code nef} with its seeded initial weights. */
  private static Map<String, INDArray> randomEncoder(int nef) {
    Scope root = Scope.root(SameDiff.create(), Mode.INFERENCE, 3);
    SDVariable x = root.sd().placeHolder("x", DataType.FLOAT, -1, 3, SIZE, SIZE);
    new ContentEncoder(ContentEncoderConfig.builder().nef(nef).build()).apply(root.child("enc"), x);
    Map<String, INDArray> out = new TreeMap<>();
    for (SDVariable v : root.sd().variables()) {
      if (v.getVariableType() == VariableType.VARIABLE) {
        out.put(v.name().substring("enc.".length()), v.getArr().dup());
      }
    }
    return out;
  }

  /** torchvision's VGG19 {@code features} tensors with random values (nothing is downloaded). */
  private static TensorSource randomVgg19() {
    int[] config = {
      64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0
    };
    SplitMix64 random = new SplitMix64(5);
    Map<String, INDArray> tensors = new HashMap<>();
    int in = 3;
    int index = 0;
    for (int out : config) {
      if (out == 0) {
        index++;
        continue;
      }
      double scale = Math.sqrt(2.0 / (in * 9));
      tensors.put(
          "features." + index + ".weight",
          RandomArrays.gaussian(random, DataType.FLOAT, out, in, 3, 3).muli(scale));
      tensors.put(
          "features." + index + ".bias",
          RandomArrays.gaussian(random, DataType.FLOAT, out).muli(0.01));
      in = out;
      index += 2;
    }
    return TensorSource.of(tensors);
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + Arrays.toString(args));
      }
      out.put(args[i].substring(2), args[i + 1]);
    }
    return out;
  }
}

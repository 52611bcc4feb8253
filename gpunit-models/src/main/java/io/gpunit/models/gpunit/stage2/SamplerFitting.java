package io.gpunit.models.gpunit.stage2;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.losses.reconstruction.MseLoss;
import io.gpunit.models.gpunit.Sampler;
import io.gpunit.models.gpunit.SamplerConfig;
import io.gpunit.models.training.optim.Adam;
import io.gpunit.models.training.optim.AdamConfig;
import io.gpunit.models.training.optim.GradientStep;
import io.gpunit.models.training.optim.ParameterGroup;
import io.gpunit.models.training.random.RandomArrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fits the style {@link Sampler} T to a set of style codes W = {w_n} by GLANN's IMLE/ICP mapping
 * (Hoshen et al. 2019; the official {@code ICPTrainer} of {@code sampler.py}, which {@code
 * train.py}'s {@code train_sampler} runs on the style codes of every target-domain image):
 *
 * <pre>
 *   every epoch e (lr = lr₀ · decayRate^⌊e / decayEpochs⌋, a fresh Adam(β (0.5, 0.999), wd 1e-5)):
 *     draw 2·⌊N/B⌋ batches of noise z ~ N(0, I) and map them, T(z)          (train mode: batch norm)
 *     π(n) = argmin_m ‖w_n − T(z_m)‖²                                       (nearest mapped noise)
 *     for each of ⌊N/B⌋ batches of a random permutation of the codes:
 *       minimise mean ‖T(z_π(n)) − w_n‖² over the batch
 * </pre>
 *
 * with {@code epochs = 2,000,000 / N} by default. The batch is min(B, N) so that fewer than B codes
 * still train (the official ⌊N/B⌋ would be 0 steps). All randomness comes from the config's seed.
 */
public final class SamplerFitting {

  /**
   * ICP settings, official defaults; {@code epochs} 0 means the official 2,000,000 / N. {@code
   * adam} holds the initial learning rate lr₀ (official 1e-3), betas (0.5, 0.999) and weight decay
   * 1e-5; every {@code decayEpochs} epochs the learning rate is multiplied by {@code decayRate}.
   */
  public record Config(
      int epochs, int batchSize, AdamConfig adam, int decayEpochs, double decayRate, long seed) {

    public Config {
      Preconditions.checkArgument(epochs >= 0, "epochs must be >= 0, got %s", epochs);
      Preconditions.checkArgument(batchSize > 1, "batchSize must be > 1, got %s", batchSize);
      Preconditions.checkNotNull(adam, "adam");
      Preconditions.checkArgument(decayEpochs > 0, "decayEpochs must be > 0, got %s", decayEpochs);
      Preconditions.checkArgument(
          decayRate > 0 && decayRate <= 1, "decayRate must be in (0, 1], got %s", decayRate);
    }

    public static Builder builder() {
      return new Builder();
    }

    /** The official settings (epochs from the number of codes). */
    public static Config official() {
      return builder().build();
    }

    /** Official defaults: 2,000,000 / N epochs, batch 128, lr₀ 1e-3 halved every 50 epochs. */
    public static final class Builder {
      private int epochs = 0;
      private int batchSize = 128;
      private AdamConfig adam =
          AdamConfig.builder().lr(1e-3).betas(0.5, 0.999).weightDecay(1e-5).build();
      private int decayEpochs = 50;
      private double decayRate = 0.5;
      private long seed = 0;

      private Builder() {}

      /** Epochs of ICP; 0 (default) for the official 2,000,000 / N. */
      public Builder epochs(int v) {
        epochs = v;
        return this;
      }

      public Builder batchSize(int v) {
        batchSize = v;
        return this;
      }

      /** Adam with the initial learning rate lr₀. */
      public Builder adam(AdamConfig v) {
        adam = Preconditions.checkNotNull(v, "adam");
        return this;
      }

      /** The learning rate is multiplied by {@code rate} every {@code epochs} epochs. */
      public Builder decay(int epochs, double rate) {
        decayEpochs = epochs;
        decayRate = rate;
        return this;
      }

      public Builder seed(long v) {
        seed = v;
        return this;
      }

      public Config build() {
        return new Config(epochs, batchSize, adam, decayEpochs, decayRate, seed);
      }
    }

    /** The epochs run for {@code codes} codes. */
    public int epochsFor(int codes) {
      return epochs > 0 ? epochs : Math.max(1, 2_000_000 / codes);
    }
  }

  private static final String NOISE = "z";
  private static final String TARGET = "w";

  private final Config config;

  public SamplerFitting(Config config) {
    this.config = Preconditions.checkNotNull(config, "config");
  }

  public Config config() {
    return config;
  }

  /**
   * The fitted sampler's weights and buffers ({@code lin1.weight}, {@code bn1.running_mean}, …) for
   * codes {@code codes} [N, styleDim], N ≥ 2.
   */
  public Map<String, INDArray> fit(SamplerConfig samplerConfig, INDArray codes) {
    Preconditions.checkArgument(
        codes.rank() == 2 && codes.size(1) == samplerConfig.styleDim() && codes.size(0) >= 2,
        "style codes must be [N >= 2, %s], got %s",
        samplerConfig.styleDim(),
        java.util.Arrays.toString(codes.shape()));
    int n = (int) codes.size(0);
    int batch = Math.min(config.batchSize(), n);
    int batches = n / batch;
    INDArray w = codes.castTo(DataType.FLOAT);
    SplitMix64 random = SplitMix64.derive(config.seed(), SplitMix64.key("icp"));

    Scope root = Scope.root(SameDiff.create(), Mode.TRAINING, config.seed());
    SameDiff sd = root.sd();
    SDVariable z = sd.placeHolder(NOISE, DataType.FLOAT, -1, samplerConfig.noiseDim());
    SDVariable target = sd.placeHolder(TARGET, DataType.FLOAT, -1, samplerConfig.styleDim());
    SDVariable mapped =
        new Sampler(samplerConfig).apply(root, z, Sampler.Statistics.BATCH).rename("mapped");
    SDVariable loss = MseLoss.builder().build().apply(sd, mapped, target).rename("icp_loss");
    ParameterGroup parameters = ParameterGroup.withPrefix(root, "");
    List<Scope.BufferUpdate> updates = root.bufferUpdates();

    for (int epoch = 0; epoch < config.epochsFor(n); epoch++) {
      double lr = config.adam().lr() * Math.pow(config.decayRate(), epoch / config.decayEpochs());
      GradientStep step =
          GradientStep.builder()
              .optimizer(new Adam("icp", config.adam().toBuilder().lr(lr).build(), parameters))
              .loss(loss.name())
              .bufferUpdates(updates)
              .build();
      int m = 2 * batches;
      INDArray noise =
          RandomArrays.gaussian(random, DataType.FLOAT, (long) m * batch, samplerConfig.noiseDim());
      List<INDArray> mappedBatches = new ArrayList<>(m);
      for (int i = 0; i < m; i++) {
        mappedBatches.add(forward(sd, updates, rows(noise, i * batch, (i + 1) * batch)));
      }
      int[] nearest = nearest(w, Nd4j.concat(0, mappedBatches.toArray(INDArray[]::new)));
      int[] order = permutation(n, random);
      for (int i = 0; i < batches; i++) {
        int[] noiseRows = new int[batch];
        int[] codeRows = new int[batch];
        for (int j = 0; j < batch; j++) {
          codeRows[j] = order[i * batch + j];
          noiseRows[j] = nearest[codeRows[j]];
        }
        step.run(Map.of(NOISE, noise.getRows(noiseRows), TARGET, w.getRows(codeRows)));
      }
    }
    Map<String, INDArray> weights = new LinkedHashMap<>();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE) {
        weights.put(v.name(), v.getArr().dup());
      }
    }
    return weights;
  }

  /** T(z) in train mode, whose batch statistics also move the running statistics (as PyTorch). */
  private static INDArray forward(SameDiff sd, List<Scope.BufferUpdate> updates, INDArray z) {
    List<String> outputs = new ArrayList<>();
    outputs.add("mapped");
    updates.forEach(u -> outputs.add(u.newValue()));
    Map<String, INDArray> values =
        Inference.output(sd, Map.of(NOISE, z), outputs.toArray(String[]::new));
    for (Scope.BufferUpdate u : updates) {
      sd.getArrForVarName(u.buffer()).assign(values.get(u.newValue()));
    }
    return values.get("mapped");
  }

  /** For each code, the index of the nearest mapped noise (squared Euclidean distance). */
  static int[] nearest(INDArray codes, INDArray mapped) {
    INDArray cross = codes.mmul(mapped.transpose()).muli(-2);
    INDArray mappedNorms = mapped.mul(mapped).sum(1).reshape(1, mapped.size(0));
    INDArray distances = cross.addiRowVector(mappedNorms);
    INDArray index = Nd4j.argMin(distances, 1);
    int[] out = new int[(int) codes.size(0)];
    for (int i = 0; i < out.length; i++) {
      out[i] = index.getInt(i);
    }
    return out;
  }

  private static int[] permutation(int n, SplitMix64 random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static INDArray rows(INDArray x, int from, int to) {
    return x.get(
            org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
            org.nd4j.linalg.indexing.NDArrayIndex.all())
        .dup();
  }
}

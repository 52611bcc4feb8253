package io.gpunit.models.evaluation;

import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a {@link SyntheticJudge} is built and trained: image side, channel width of its first layer,
 * number of Adam steps, batch size, learning rate, the shares of training renders that are softened
 * and blurred into blobs ({@link RenderDegradation}) and seed. Everything the judge does is a
 * function of this config (it is written into the judge's file, and {@link
 * SyntheticJudge#trainOrLoad} retrains when a cached judge was made with another one).
 *
 * <p>Defaults: 64², width 16, 400 steps of 24 images, lr 2e-3, degradation 0.4 soft and 0.15 blobs,
 * seed 0. Measured once for the first judge (clean renders only, no "none" answer) on a 2-core
 * machine shared with other jobs (load ≈ 10–15): 668 s of training, then accuracy 0.95 and mask IoU
 * 0.82 on 400 held-out renders. At 32², 300 steps of 48 images (the tests' judge): 207 s, accuracy
 * 0.90–0.93, mask IoU 0.76.
 */
public record JudgeConfig(
    int imageSize,
    int width,
    int steps,
    int batchSize,
    double learningRate,
    double degradation,
    double blobs,
    long seed) {

  public JudgeConfig {
    Preconditions.checkArgument(
        imageSize >= 16 && imageSize % 8 == 0,
        "judge image size must be a multiple of 8 and at least 16, got %s",
        imageSize);
    Preconditions.checkArgument(width > 0, "judge width must be positive, got %s", width);
    Preconditions.checkArgument(steps >= 0, "judge steps must be >= 0, got %s", steps);
    Preconditions.checkArgument(
        batchSize > 0, "judge batch size must be positive, got %s", batchSize);
    Preconditions.checkArgument(
        learningRate > 0 && Double.isFinite(learningRate),
        "judge learning rate must be positive, got %s",
        learningRate);
    Preconditions.checkArgument(
        degradation >= 0 && blobs >= 0 && degradation + blobs <= 1,
        "judge degradation shares must be >= 0 with a sum <= 1, got soft %s and blob %s",
        degradation,
        blobs);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The config of the judge that ships with the library ({@link SyntheticJudge#bundled()}): the
   * defaults at 64², trained three times longer (1,200 steps) because it is trained once. Made by
   * {@code TrainBundledJudge} in 831 s on one thread of a 2-core machine busy with two other jobs;
   * its {@link SyntheticJudge#quality()} (on {@value SyntheticJudge#QUALITY_IMAGES} held-out clean
   * renders): class accuracy 0.9675, mask IoU 0.851. On the 64 held-out cars of seed 20221 it says
   * "car" for 64 clean, 64 after a 3×3 box blur and 59 after a 5×5 one, and "none" for all 64 after
   * a 9×9 one.
   */
  public static JudgeConfig bundled() {
    return builder().imageSize(SyntheticJudge.BUNDLED_SIZE).steps(1200).build();
  }

  /** The config as string metadata, for the judge's safetensors file. */
  Map<String, String> toMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("judge.image_size", Integer.toString(imageSize));
    m.put("judge.width", Integer.toString(width));
    m.put("judge.steps", Integer.toString(steps));
    m.put("judge.batch_size", Integer.toString(batchSize));
    m.put("judge.learning_rate", Double.toString(learningRate));
    m.put("judge.degradation", Double.toString(degradation));
    m.put("judge.blobs", Double.toString(blobs));
    m.put("judge.seed", Long.toString(seed));
    return m;
  }

  /** The config a judge file was written with, or an exception naming the missing key. */
  static JudgeConfig fromMetadata(Map<String, String> m, String file) {
    try {
      return new JudgeConfig(
          Integer.parseInt(required(m, "judge.image_size", file)),
          Integer.parseInt(required(m, "judge.width", file)),
          Integer.parseInt(required(m, "judge.steps", file)),
          Integer.parseInt(required(m, "judge.batch_size", file)),
          Double.parseDouble(required(m, "judge.learning_rate", file)),
          Double.parseDouble(required(m, "judge.degradation", file)),
          Double.parseDouble(required(m, "judge.blobs", file)),
          Long.parseLong(required(m, "judge.seed", file)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": malformed judge metadata: " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> m, String key, String file) {
    String v = m.get(key);
    Preconditions.checkArgument(
        v != null, "%s is not a synthetic judge file: metadata '%s' is missing", file, key);
    return v;
  }

  public static final class Builder {
    private int imageSize = 64;
    private int width = 16;
    private int steps = 400;
    private int batchSize = 24;
    private double learningRate = 2e-3;
    private double degradation = 0.4;
    private double blobs = 0.15;
    private long seed = 0;

    private Builder() {}

    public Builder imageSize(int value) {
      this.imageSize = value;
      return this;
    }

    /** Channels of the first convolution; deeper layers have 2× and 4× as many. */
    public Builder width(int value) {
      this.width = value;
      return this;
    }

    public Builder steps(int value) {
      this.steps = value;
      return this;
    }

    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    public Builder learningRate(double value) {
      this.learningRate = value;
      return this;
    }

    /** The share of training renders softened but labelled with their class. */
    public Builder degradation(double value) {
      this.degradation = value;
      return this;
    }

    /** The share of training renders blurred into blobs and labelled "none of the classes". */
    public Builder blobs(double value) {
      this.blobs = value;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public JudgeConfig build() {
      return new JudgeConfig(
          imageSize, width, steps, batchSize, learningRate, degradation, blobs, seed);
    }
  }
}

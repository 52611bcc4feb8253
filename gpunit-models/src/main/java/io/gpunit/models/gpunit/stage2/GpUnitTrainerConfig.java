package io.gpunit.models.gpunit.stage2;

import com.google.common.base.Preconditions;
import io.gpunit.models.gpunit.SpectralNormVectors;
import io.gpunit.models.gpunit.StyleEncoderConfig;
import io.gpunit.models.training.OfficialInit;
import io.gpunit.models.training.TrainingConfigBuilder;
import io.gpunit.models.training.optim.AdamConfig;

/**
 * Hyper-parameters, with the official {@code train.py} values as defaults; {@code adam} is G's
 * optimiser (lr 1e-4, betas (0, 0.99), eps 1e-8, weight decay 1e-4) and {@code discriminatorAdam}
 * D's, the same unless {@link Builder#discriminatorLr} says otherwise.
 */
public record GpUnitTrainerConfig(
    StyleEncoderConfig styleEncoder,
    int discriminatorWidth,
    int discriminatorMaxWidth,
    boolean discriminatorSpectralNorm,
    int batchSize,
    AdamConfig adam,
    AdamConfig discriminatorAdam,
    double r1Gamma,
    int r1Interval,
    double lambdaAdv,
    double lambdaContent,
    double lambdaStyle,
    double lambdaMask,
    double lambdaReconstruction,
    double lambdaPerceptual,
    int styleLayer,
    boolean useAllSkip,
    double flipProbability,
    boolean freshFakesForDiscriminator,
    boolean officialInit,
    double emaBeta,
    long lrDecayStart,
    long lrDecayEnd,
    boolean officialRecipe,
    long seed) {

  public GpUnitTrainerConfig {
    Preconditions.checkNotNull(styleEncoder, "styleEncoder");
    Preconditions.checkArgument(
        discriminatorWidth > 0 && discriminatorMaxWidth > 0,
        "discriminator widths must be positive, got %s and %s",
        discriminatorWidth,
        discriminatorMaxWidth);
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive, got %s", batchSize);
    Preconditions.checkNotNull(adam, "adam");
    Preconditions.checkNotNull(discriminatorAdam, "discriminatorAdam");
    for (double lambda :
        new double[] {
          r1Gamma,
          lambdaAdv,
          lambdaContent,
          lambdaStyle,
          lambdaMask,
          lambdaReconstruction,
          lambdaPerceptual
        }) {
      Preconditions.checkArgument(
          lambda >= 0 && Double.isFinite(lambda), "loss weights must be >= 0, got %s", lambda);
    }
    Preconditions.checkArgument(r1Interval >= 1, "r1Interval must be >= 1, got %s", r1Interval);
    Preconditions.checkArgument(styleLayer >= 1, "styleLayer must be >= 1, got %s", styleLayer);
    Preconditions.checkArgument(
        flipProbability >= 0 && flipProbability <= 1,
        "flipProbability must be in [0, 1], got %s",
        flipProbability);
    Preconditions.checkArgument(
        emaBeta >= 0 && emaBeta <= 1, "emaBeta must be in [0, 1], got %s", emaBeta);
    Preconditions.checkArgument(
        (lrDecayStart == 0 && lrDecayEnd == 0) || (0 <= lrDecayStart && lrDecayStart < lrDecayEnd),
        "the learning-rate decay needs 0 <= start < end, got %s and %s",
        lrDecayStart,
        lrDecayEnd);
  }

  /**
   * The factor both learning rates are multiplied by in step {@code step} (0-based): 1, then from
   * {@code lrDecayStart} falling linearly to 0 at {@code lrDecayEnd}; 1 throughout without decay.
   */
  public double lrScaleAt(long step) {
    if (lrDecayEnd == 0 || step < lrDecayStart) {
      return 1;
    }
    return Math.max(0, (double) (lrDecayEnd - step) / (lrDecayEnd - lrDecayStart));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Official {@code train.py} defaults (batch 16, widths as the released models). */
  public static final class Builder extends TrainingConfigBuilder<Builder> {
    private StyleEncoderConfig styleEncoder = StyleEncoderConfig.DEFAULT;
    private int discriminatorWidth = 64;
    private int discriminatorMaxWidth = 512;
    private boolean discriminatorSpectralNorm = true;
    private Double discriminatorLr;
    private double r1Gamma = 1;
    private int r1Interval = 1;
    private double lambdaAdv = 1;
    private double lambdaContent = 1;
    private double lambdaStyle = 50;
    private double lambdaMask = 1;
    private double lambdaReconstruction = 1;
    private double lambdaPerceptual = 1;
    private int styleLayer = 4;
    private boolean useAllSkip = false;
    private double flipProbability = 0.5;
    private boolean freshFakesForDiscriminator = true;
    private boolean officialInit = true;
    private double emaBeta = 0.999;
    private long lrDecayStart;
    private long lrDecayEnd;
    private boolean officialRecipe = false;

    private Builder() {
      super(16, AdamConfig.builder().lr(1e-4).betas(0, 0.99).weightDecay(1e-4).build());
    }

    /** The generator's style encoder widths (default: the official ones, 256-d codes). */
    public Builder styleEncoder(StyleEncoderConfig v) {
      styleEncoder = v;
      return this;
    }

    /** D's first width ({@code dim_in}, 64) and width cap ({@code max_conv_dim}, 512). */
    public Builder discriminatorWidths(int first, int max) {
      discriminatorWidth = first;
      discriminatorMaxWidth = max;
      return this;
    }

    /**
     * Whether D's convolutions are spectral-normalised (default true, the official D; see {@link
     * io.gpunit.models.gpunit.DiscriminatorConfig#spectralNorm()}).
     */
    public Builder discriminatorSpectralNorm(boolean v) {
      discriminatorSpectralNorm = v;
      return this;
    }

    /**
     * D's learning rate, when it differs from G's (the official recipe uses one Adam setting for
     * both; {@link #adam} sets it).
     */
    public Builder discriminatorLr(double v) {
      discriminatorLr = v;
      return this;
    }

    /** γ of the R1 penalty (0 turns it off). */
    public Builder r1Gamma(double v) {
      r1Gamma = v;
      return this;
    }

    /**
     * Lazy R1 (Karras et al. 2020, StyleGAN2 §B): the penalty on every {@code k}-th D update only,
     * with γ·k so its average pull is unchanged (default 1: every update, as the official).
     */
    public Builder r1Interval(int k) {
      r1Interval = k;
      return this;
    }

    public Builder lambdaAdv(double v) {
      lambdaAdv = v;
      return this;
    }

    public Builder lambdaContent(double v) {
      lambdaContent = v;
      return this;
    }

    public Builder lambdaStyle(double v) {
      lambdaStyle = v;
      return this;
    }

    public Builder lambdaMask(double v) {
      lambdaMask = v;
      return this;
    }

    public Builder lambdaReconstruction(double v) {
      lambdaReconstruction = v;
      return this;
    }

    /** Weight of the perceptual term inside L_rec (1: the official L1 + VGG). */
    public Builder lambdaPerceptual(double v) {
      lambdaPerceptual = v;
      return this;
    }

    /** The D layer whose channel means the style loss compares ({@code --style_layer}, 4). */
    public Builder styleLayer(int v) {
      styleLayer = v;
      return this;
    }

    /** Whether the reconstruction uses the dynamic skips too ({@code --use_allskip}). */
    public Builder useAllSkip(boolean v) {
      useAllSkip = v;
      return this;
    }

    /** Probability that a step's style exemplars are flipped (0: {@code --not_flip_style}). */
    public Builder flipProbability(double v) {
      flipProbability = v;
      return this;
    }

    /**
     * Whether D's update translates the batch again with the updated G (default true, as {@code
     * train.py}); false reuses the G step's ŷ, as pytorch-CycleGAN's loop does, which saves one G
     * forward pass per step.
     */
    public Builder freshFakesForDiscriminator(boolean v) {
      freshFakesForDiscriminator = v;
      return this;
    }

    /**
     * Whether G and D start from {@code train.py}'s {@code init_weights('kaiming', 0.02)} (default
     * true; {@link OfficialInit#KAIMING}: W ~ N(0, 2/fan_in) and every bias 0, AdaIN's too, so γ
     * starts at W·s) or from PyTorch's layer defaults, which the networks' constructors give
     * (kaiming-uniform with a = √5, about 2.4 times smaller, and AdaIN's γ = 1 + W·s). Given
     * starting weights ({@link GpUnitTrainerBuilder#generatorWeights}) override either.
     */
    public Builder officialInit(boolean v) {
      officialInit = v;
      return this;
    }

    public Builder emaBeta(double v) {
      emaBeta = v;
      return this;
    }

    /**
     * Both learning rates fall linearly from step {@code start} to 0 at step {@code end} (0-based
     * steps), as pytorch-CycleGAN's {@code linear} policy does over its last epochs; the official
     * GP-UNIT keeps them constant (the default).
     */
    public Builder linearLrDecay(long start, long end) {
      lrDecayStart = start;
      lrDecayEnd = end;
      return this;
    }

    /**
     * Whether E<sub>c</sub> runs as {@code train.py} runs it (default {@code false}). The official
     * script never calls {@code netEC.eval()}, so each of its three calls of the frozen content
     * encoder in an iteration (on x, on y, on ŷ) first runs one spectral-norm power iteration and
     * uses the new vectors, which persist from step to step ({@link SpectralNormVectors}). With
     * {@code false}, E<sub>c</sub> uses the vectors stage 1 handed over, as the saved model and the
     * official inference script (which loads {@code content_encoder.pt}) do.
     *
     * <p>Why it is not the default: it is an accident of {@code train.py}, not part of the method —
     * E<sub>c</sub> is meant to be frozen, and iterating its vectors makes the σ (and so the
     * features) G is trained against drift away from the ones it meets at inference; only this
     * setting reproduces the official iteration exactly (the parity test runs with it). Every other
     * official semantics holds in both settings: D's two forward passes (G step, D step) each run
     * one power iteration of D's vectors, and parameters the loss does not reach (the toRGB heads
     * of G's lower layers) get no Adam update and no weight decay.
     */
    public Builder officialRecipe(boolean v) {
      officialRecipe = v;
      return this;
    }

    public GpUnitTrainerConfig build() {
      return new GpUnitTrainerConfig(
          styleEncoder,
          discriminatorWidth,
          discriminatorMaxWidth,
          discriminatorSpectralNorm,
          batchSize,
          adam,
          discriminatorLr == null ? adam : adam.toBuilder().lr(discriminatorLr).build(),
          r1Gamma,
          r1Interval,
          lambdaAdv,
          lambdaContent,
          lambdaStyle,
          lambdaMask,
          lambdaReconstruction,
          lambdaPerceptual,
          styleLayer,
          useAllSkip,
          flipProbability,
          freshFakesForDiscriminator,
          officialInit,
          emaBeta,
          lrDecayStart,
          lrDecayEnd,
          officialRecipe,
          seed);
    }
  }
}

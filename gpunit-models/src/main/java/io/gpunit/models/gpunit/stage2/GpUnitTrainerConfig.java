package io.gpunit.models.gpunit.stage2;

import com.google.common.base.Preconditions;
import io.gpunit.models.gpunit.SpectralNormVectors;
import io.gpunit.models.gpunit.StyleEncoderConfig;
import io.gpunit.models.training.TrainingConfigBuilder;
import io.gpunit.models.training.optim.AdamConfig;

/**
 * Hyper-parameters, with the official {@code train.py} values as defaults; {@code adam} serves both
 * G's and D's optimiser (lr 1e-4, betas (0, 0.99), eps 1e-8, weight decay 1e-4).
 */
public record GpUnitTrainerConfig(
    StyleEncoderConfig styleEncoder,
    int discriminatorWidth,
    int discriminatorMaxWidth,
    int batchSize,
    AdamConfig adam,
    double r1Gamma,
    double lambdaAdv,
    double lambdaContent,
    double lambdaStyle,
    double lambdaMask,
    double lambdaReconstruction,
    double lambdaPerceptual,
    int styleLayer,
    boolean useAllSkip,
    double flipProbability,
    double emaBeta,
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
    Preconditions.checkArgument(styleLayer >= 1, "styleLayer must be >= 1, got %s", styleLayer);
    Preconditions.checkArgument(
        flipProbability >= 0 && flipProbability <= 1,
        "flipProbability must be in [0, 1], got %s",
        flipProbability);
    Preconditions.checkArgument(
        emaBeta >= 0 && emaBeta <= 1, "emaBeta must be in [0, 1], got %s", emaBeta);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Official {@code train.py} defaults (batch 16, widths as the released models). */
  public static final class Builder extends TrainingConfigBuilder<Builder> {
    private StyleEncoderConfig styleEncoder = StyleEncoderConfig.DEFAULT;
    private int discriminatorWidth = 64;
    private int discriminatorMaxWidth = 512;
    private double r1Gamma = 1;
    private double lambdaAdv = 1;
    private double lambdaContent = 1;
    private double lambdaStyle = 50;
    private double lambdaMask = 1;
    private double lambdaReconstruction = 1;
    private double lambdaPerceptual = 1;
    private int styleLayer = 4;
    private boolean useAllSkip = false;
    private double flipProbability = 0.5;
    private double emaBeta = 0.999;
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

    /** γ of the R1 penalty (0 turns it off). */
    public Builder r1Gamma(double v) {
      r1Gamma = v;
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

    public Builder emaBeta(double v) {
      emaBeta = v;
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
          batchSize,
          adam,
          r1Gamma,
          lambdaAdv,
          lambdaContent,
          lambdaStyle,
          lambdaMask,
          lambdaReconstruction,
          lambdaPerceptual,
          styleLayer,
          useAllSkip,
          flipProbability,
          emaBeta,
          officialRecipe,
          seed);
    }
  }
}

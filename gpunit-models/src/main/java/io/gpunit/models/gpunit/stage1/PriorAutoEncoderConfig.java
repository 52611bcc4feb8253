package io.gpunit.models.gpunit.stage1;

import com.google.common.base.Preconditions;
import io.gpunit.models.gpunit.ContentEncoderConfig;

/**
 * Widths of the stage-1 prior-distillation auto-encoder ({@code AutoEncoder(nf, ncls, noise)} in
 * the official {@code content_encoder.py}).
 *
 * @param nf the base width of the content encoder, style encoder and decoder ({@code nf}; 64)
 * @param classes the number of domains the classifier and the label embedding know ({@code ncls};
 *     292: 291 ImageNet classes + faces)
 * @param domainStyleDim the width of a domain-level style code ({@code nn.Embedding(ncls, 128)})
 * @param noise the standard deviation of the Gaussian noise added to the content code in training
 * @param codeSize the side of the content code (8 at 256² input)
 */
public record PriorAutoEncoderConfig(
    int nf, int classes, int domainStyleDim, double noise, int codeSize) {

  /** The official settings. */
  public static final PriorAutoEncoderConfig DEFAULT = builder().build();

  public PriorAutoEncoderConfig {
    Preconditions.checkArgument(nf > 0, "nf must be positive, got %s", nf);
    Preconditions.checkArgument(classes > 0, "classes must be positive, got %s", classes);
    Preconditions.checkArgument(
        domainStyleDim > 0, "domainStyleDim must be positive, got %s", domainStyleDim);
    Preconditions.checkArgument(noise >= 0, "noise must be ≥ 0, got %s", noise);
    Preconditions.checkArgument(codeSize > 0, "codeSize must be positive, got %s", codeSize);
  }

  /** The content encoder of this auto-encoder (one content channel, as the official one). */
  public ContentEncoderConfig contentEncoder() {
    return ContentEncoderConfig.builder().nef(nf).resolution(codeSize * 32).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the official defaults. */
  public static final class Builder {
    private int nf = 64;
    private int classes = 292;
    private int domainStyleDim = 128;
    private double noise = 0.2;
    private int codeSize = 8;

    private Builder() {}

    public Builder nf(int nf) {
      this.nf = nf;
      return this;
    }

    public Builder classes(int classes) {
      this.classes = classes;
      return this;
    }

    public Builder domainStyleDim(int domainStyleDim) {
      this.domainStyleDim = domainStyleDim;
      return this;
    }

    public Builder noise(double noise) {
      this.noise = noise;
      return this;
    }

    public Builder codeSize(int codeSize) {
      this.codeSize = codeSize;
      return this;
    }

    public PriorAutoEncoderConfig build() {
      return new PriorAutoEncoderConfig(nf, classes, domainStyleDim, noise, codeSize);
    }
  }
}

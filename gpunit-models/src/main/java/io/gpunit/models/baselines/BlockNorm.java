package io.gpunit.models.baselines;

/**
 * The {@code norm} argument of the official {@code Conv2dBlock}: which normalisation follows the
 * convolution.
 */
public enum BlockNorm {
  /** {@code 'none'}: no normalisation. */
  NONE,
  /** {@code 'in'}: {@code nn.InstanceNorm2d} without affine parameters. */
  INSTANCE,
  /** {@code 'ln'}: the official {@link LayerNorm} (per-sample over C, H, W, learnt γ, β). */
  LAYER,
  /** {@code 'adain'}: instance norm whose scale and shift come from {@link AdaInParameters}. */
  ADAPTIVE
}

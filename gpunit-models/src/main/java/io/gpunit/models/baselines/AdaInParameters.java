package io.gpunit.models.baselines;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The AdaIN scales and shifts of a decoder, cut from one vector per sample as MUNIT's {@code
 * assign_adain_params} cuts the style MLP's output: every {@link BlockNorm#ADAPTIVE} layer, in
 * module order, takes the next 2C values — the first C are its shift β (PyTorch's {@code bias}, the
 * "mean"), the next C its scale γ ({@code weight}, the "std"):
 *
 * <pre>
 * AdaIN(x) = γ · (x − μ(x)) / σ(x) + β
 * </pre>
 *
 * Layers take their slices in the order they are built, so build the decoder once per instance.
 */
public final class AdaInParameters {

  /** One layer's scale and shift, each [N, C, 1, 1]. */
  public record Affine(SDVariable scale, SDVariable shift) {}

  private final int channels;
  private final SDVariable[] parts;
  private int next;

  /**
   * {@code params} [N, Σ 2C] for adaptive layers of widths {@code channels}, in module order. The
   * widths must be equal (as in MUNIT, whose AdaIN layers are all in the residual blocks): the
   * vector is cut by one {@code split}, since the gradient of ND4J M2.1's strided slice fails for a
   * batch of 1.
   */
  public AdaInParameters(SDVariable params, int... channels) {
    Preconditions.checkArgument(channels.length > 0, "no adaptive layers to parameterise");
    for (int c : channels) {
      Preconditions.checkArgument(
          c == channels[0],
          "adaptive layers must have equal widths, got %s",
          Arrays.toString(channels));
    }
    this.channels = channels[0];
    this.parts = params.getSameDiff().split(params, 2 * channels.length, 1);
  }

  /** The number of values a decoder with these adaptive layer widths takes: Σ 2C. */
  public static long count(int... channels) {
    long n = 0;
    for (int c : channels) {
      n += 2L * c;
    }
    return n;
  }

  /** The next layer's affine parameters; {@code channels} must be its width. */
  public Affine next(int channels) {
    Preconditions.checkState(
        2 * next < parts.length, "all %s adaptive layers' parameters are taken", parts.length / 2);
    Preconditions.checkArgument(
        channels == this.channels,
        "adaptive layer %s has %s channels, its parameters have %s",
        next,
        channels,
        this.channels);
    SDVariable shift = parts[2 * next].reshape(-1, channels, 1, 1);
    SDVariable scale = parts[2 * next + 1].reshape(-1, channels, 1, 1);
    next++;
    return new Affine(scale, shift);
  }

  /**
   * Whether every layer's parameters have been taken (a decoder must use the MLP's whole output).
   */
  public boolean isExhausted() {
    return 2 * next == parts.length;
  }
}

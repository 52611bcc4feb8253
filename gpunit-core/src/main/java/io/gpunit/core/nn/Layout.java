package io.gpunit.core.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Where the channels of a graph's rank-4 activations lie. Images enter and leave every network as
 * NCHW (PyTorch's layout, and the checkpoints' weights are the same in both); a network converts
 * them to its {@link Scope#layout()} once at its input and back once at its output, and its layers
 * read the axes from here.
 *
 * <p>NHWC exists for speed: M2.1's oneDNN convolutions take NCHW arrays through a layout reorder on
 * the way in and out, NHWC ones directly. One op at a time on two cores, a 3×3 convolution 64 → 64
 * at 256² took 43.4 ms NCHW and 23.3 ms NHWC, a 7×7 one 3 → 64 at 262² 17.7 and 6.6 ms; at 16²–34²
 * both were alike ({@code benchmarks/README.md}).
 */
public enum Layout {
  /** [N, C, H, W]. */
  NCHW(1, 2, 3),
  /** [N, H, W, C]. */
  NHWC(3, 1, 2);

  private final int channelAxis;
  private final int heightAxis;
  private final int widthAxis;

  Layout(int channelAxis, int heightAxis, int widthAxis) {
    this.channelAxis = channelAxis;
    this.heightAxis = heightAxis;
    this.widthAxis = widthAxis;
  }

  public int channelAxis() {
    return channelAxis;
  }

  public int heightAxis() {
    return heightAxis;
  }

  public int widthAxis() {
    return widthAxis;
  }

  /** Per-channel values {@code v} ([N or 1, C]) reshaped to broadcast against an activation. */
  public SDVariable perChannel(SDVariable v, int channels) {
    return this == NCHW ? v.reshape(-1, channels, 1, 1) : v.reshape(-1, 1, 1, channels);
  }

  /** The mean over H and W, [N, C]. */
  public SDVariable spatialMean(SDVariable x) {
    return x.mean(heightAxis, widthAxis);
  }

  /** An NCHW image or activation {@code x} in this layout. */
  public SDVariable fromNchw(SDVariable x) {
    return this == NCHW ? x : x.permute(0, 2, 3, 1);
  }

  /** An activation {@code x} of this layout as NCHW. */
  public SDVariable toNchw(SDVariable x) {
    return this == NCHW ? x : x.permute(0, 3, 1, 2);
  }
}

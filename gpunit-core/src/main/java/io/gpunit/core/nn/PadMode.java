package io.gpunit.core.nn;

/** How a convolution fills the border it pads: PyTorch's {@code padding_mode}. */
public enum PadMode {
  /** {@code padding_mode='zeros'}: the border is 0. */
  ZEROS,
  /**
   * {@code padding_mode='reflect'} / {@code nn.ReflectionPad2d}: the border mirrors the image without
   * repeating the edge ({@code x[-i] = x[i]}).
   */
  REFLECT
}

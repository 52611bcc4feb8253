package io.gpunit.core.image;

import com.google.common.base.Preconditions;
import java.awt.Color;

/**
 * What becomes of transparency when an image is turned into the 3-channel tensors the networks
 * read.
 *
 * <p>The default, {@link #overWhite()}, composites every pixel over an opaque white background,
 * {@code rgb = alpha * rgb + (1 - alpha) * white}: a transparent PNG then looks as it does in a
 * viewer on a white page. (The official code calls PIL's {@code convert('RGB')}, which simply drops
 * alpha and exposes whatever colour the transparent pixels happen to store; {@link #drop()}
 * reproduces that.)
 */
public final class AlphaPolicy {

  private static final AlphaPolicy WHITE = new AlphaPolicy(false, 1f, 1f, 1f);
  private static final AlphaPolicy DROP = new AlphaPolicy(true, 0f, 0f, 0f);

  private final boolean drop;
  private final float red;
  private final float green;
  private final float blue;

  private AlphaPolicy(boolean drop, float red, float green, float blue) {
    this.drop = drop;
    this.red = red;
    this.green = green;
    this.blue = blue;
  }

  /** Composite over white (the default). */
  public static AlphaPolicy overWhite() {
    return WHITE;
  }

  /** Composite over an opaque background colour (its own alpha is ignored). */
  public static AlphaPolicy over(Color background) {
    Preconditions.checkNotNull(background, "background colour");
    return new AlphaPolicy(
        false,
        background.getRed() / 255f,
        background.getGreen() / 255f,
        background.getBlue() / 255f);
  }

  /** Ignore alpha and keep the stored colour, as PIL's {@code convert('RGB')} does. */
  public static AlphaPolicy drop() {
    return DROP;
  }

  /**
   * The visible value in [0, 1] of one colour channel.
   *
   * @param value straight (non-premultiplied) channel value in [0, 1]
   * @param alpha coverage in [0, 1]
   * @param channel 0, 1, 2 for red, green, blue
   */
  float apply(float value, float alpha, int channel) {
    if (drop) {
      return value;
    }
    float background = channel == 0 ? red : channel == 1 ? green : blue;
    return alpha * value + (1f - alpha) * background;
  }

  boolean drops() {
    return drop;
  }

  @Override
  public String toString() {
    return drop ? "AlphaPolicy[drop]" : "AlphaPolicy[over " + red + "," + green + "," + blue + "]";
  }
}

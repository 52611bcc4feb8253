package io.gpunit.core.data.synthetic;

import java.awt.Color;
import java.util.Random;

/**
 * The appearance of one object within its class, drawn from a style seed and independent of the
 * {@link Latent}: colours, a marking pattern, and a seed for the pattern's random details.
 *
 * @param primary main colour (fur, plumage, paint)
 * @param secondary second colour (patches, ears, wings, roof)
 * @param accent small details (beak, stripe, nose)
 * @param eye eye colour (window tint for cars)
 * @param pattern which marking pattern, 0..3, meaning defined by the class
 * @param detailSeed seeds stripe and spot placement
 */
record Style(
    Color primary, Color secondary, Color accent, Color eye, int pattern, long detailSeed) {

  /** One colour of a palette with a little brightness jitter, so no two objects match exactly. */
  static Color pick(Random r, int... palette) {
    return jitter(new Color(palette[r.nextInt(palette.length)]), r, 0.08f);
  }

  static Color jitter(Color c, Random r, float amount) {
    float[] hsb = Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null);
    float b = Math.max(0f, Math.min(1f, hsb[2] * (1f + amount * (2 * r.nextFloat() - 1))));
    return Color.getHSBColor(hsb[0], hsb[1], b);
  }

  /** {@code c} scaled in brightness by {@code factor}. */
  static Color shade(Color c, double factor) {
    return new Color(
        clamp(c.getRed() * factor), clamp(c.getGreen() * factor), clamp(c.getBlue() * factor));
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}

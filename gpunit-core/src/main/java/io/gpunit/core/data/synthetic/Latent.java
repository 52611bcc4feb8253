package io.gpunit.core.data.synthetic;

import java.util.Random;

/**
 * The class-independent content code z of a synthetic image: where the object is, how large, how it
 * is turned and posed, and the scene around it. Rendering one latent in two classes gives two
 * images with the same layout, the property GP-UNIT's stage 1 takes from BigGAN. Appearance within
 * a class (fur colour, stripes, paint) is not in here; it comes from a separate style seed.
 *
 * <p>Positions are fractions of the image side; lengths of the object are fractions of its body
 * length; angles are radians.
 *
 * @param x object centre, horizontal, in [0, 1]
 * @param y object centre, vertical (down), in [0, 1]
 * @param scale body length as a fraction of the image side
 * @param angle rotation of the whole object (positive turns clockwise on screen)
 * @param facingRight whether the head points right
 * @param bodyAspect body height / body length
 * @param headTilt head rotation about the neck (positive lowers the head)
 * @param legLength limb length / body length
 * @param legPhase gait in [-1, 1]: front and hind limbs swing in opposite directions
 * @param limbSpread in [0, 1]: stance width for legs, wing lift for birds
 * @param tailAngle tail elevation above the horizontal
 * @param backgroundTop background colour at one end of the gradient (0xRRGGBB)
 * @param backgroundBottom background colour at the other end (0xRRGGBB)
 * @param backgroundAngle direction of the background gradient
 * @param lightAngle direction the light comes from, in the image plane
 * @param lightStrength how strongly the object is shaded from lit to dark side, in [0, 1]
 */
public record Latent(
    double x,
    double y,
    double scale,
    double angle,
    boolean facingRight,
    double bodyAspect,
    double headTilt,
    double legLength,
    double legPhase,
    double limbSpread,
    double tailAngle,
    int backgroundTop,
    int backgroundBottom,
    double backgroundAngle,
    double lightAngle,
    double lightStrength) {

  /**
   * Draws a latent. Position and size vary widely (so different latents rarely overlap), with the
   * position range narrowed for large objects so they stay mostly inside the frame.
   */
  public static Latent sample(Random r) {
    double scale = uniform(r, 0.30, 0.62);
    double reachX = Math.max(0.06, 0.5 - 0.55 * scale);
    double reachY = Math.max(0.04, 0.42 - 0.6 * scale);
    return new Latent(
        0.5 + uniform(r, -reachX, reachX),
        0.5 - 0.05 * scale + uniform(r, -reachY, reachY),
        scale,
        uniform(r, -0.3, 0.3),
        r.nextBoolean(),
        uniform(r, 0.38, 0.54),
        uniform(r, -0.35, 0.45),
        uniform(r, 0.30, 0.42),
        uniform(r, -1, 1),
        r.nextDouble(),
        uniform(r, -0.3, 1.0),
        backgroundColour(r, true),
        backgroundColour(r, false),
        uniform(r, -0.6, 0.6),
        uniform(r, 0, 2 * Math.PI),
        uniform(r, 0.15, 0.45));
  }

  private static double uniform(Random r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  /** Muted scene colours: sky-ish at the top, ground-ish at the bottom. */
  private static int backgroundColour(Random r, boolean top) {
    float hue = top ? (float) uniform(r, 0.45, 0.70) : (float) uniform(r, 0.08, 0.35);
    float saturation = (float) uniform(r, 0.10, 0.45);
    float brightness = top ? (float) uniform(r, 0.70, 0.95) : (float) uniform(r, 0.35, 0.70);
    return java.awt.Color.HSBtoRGB(hue, saturation, brightness) & 0xffffff;
  }
}

package io.gpunit.core.data.synthetic;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;

/**
 * The shared layout every class is drawn on, computed from a {@link Latent} alone: this is what
 * makes renders of one latent in different classes correspond.
 *
 * <p>Coordinates are in the object frame: origin at the body centre, x forward (towards the head),
 * y down, one unit = one body length. {@link #toImage} maps the frame into the image (position,
 * rotation, mirroring, scale).
 */
final class Skeleton {

  /** Body height (the body is an ellipse 1 long and {@code h} high in the frame). */
  final double h;

  final Point2D.Double neck;
  final Point2D.Double head;

  /** Head rotation about the neck, radians. */
  final double headTilt;

  /** Hips/shoulders: front-far, front-near, hind-far, hind-near. */
  final Point2D.Double[] hips = new Point2D.Double[4];

  final Point2D.Double[] feet = new Point2D.Double[4];
  final Point2D.Double tailBase;

  /** Unit vector along the tail from its base. */
  final Point2D.Double tailDirection;

  final double legLength;
  final double limbSpread;
  final double legPhase;
  private final AffineTransform toImage;

  Skeleton(Latent z, int size) {
    h = z.bodyAspect();
    headTilt = z.headTilt();
    legLength = z.legLength();
    limbSpread = z.limbSpread();
    legPhase = z.legPhase();
    neck = new Point2D.Double(0.36, -0.25 * h);
    head = rotateAbout(new Point2D.Double(0.52, -0.55 * h - 0.07), neck, headTilt);
    double spread = 0.08 + 0.06 * limbSpread;
    double[] hipX = {0.30, 0.30 - spread, -0.30 + spread, -0.30};
    double swing = 0.35 * legPhase;
    double[] legAngle = {swing, -swing * 0.6, -swing, swing * 0.6};
    for (int i = 0; i < 4; i++) {
      hips[i] = new Point2D.Double(hipX[i], 0.22 * h);
      feet[i] =
          new Point2D.Double(
              hipX[i] + legLength * Math.sin(legAngle[i]),
              0.22 * h + (0.28 * h + legLength) * Math.cos(legAngle[i]));
    }
    tailBase = new Point2D.Double(-0.47, -0.12 * h);
    tailDirection = new Point2D.Double(-Math.cos(z.tailAngle()), -Math.sin(z.tailAngle()));
    double length = z.scale() * size;
    toImage = new AffineTransform();
    toImage.translate(z.x() * size, z.y() * size);
    toImage.rotate(z.angle());
    toImage.scale(z.facingRight() ? length : -length, length);
  }

  AffineTransform toImage() {
    return new AffineTransform(toImage);
  }

  /** A shape given relative to the head centre, turned with the head. */
  Shape atHead(Shape local) {
    AffineTransform t = AffineTransform.getTranslateInstance(head.x, head.y);
    t.rotate(headTilt);
    return t.createTransformedShape(local);
  }

  /** A point given relative to the head centre, turned with the head. */
  Point2D.Double atHead(double x, double y) {
    Point2D.Double p = new Point2D.Double(head.x + x, head.y + y);
    return rotateAbout(p, head, headTilt);
  }

  /** The lowest point of the feet in the frame (where a ground shadow goes). */
  double groundY() {
    double y = 0;
    for (Point2D.Double f : feet) {
      y = Math.max(y, f.y);
    }
    return y;
  }

  static Point2D.Double rotateAbout(Point2D.Double p, Point2D.Double centre, double angle) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double dx = p.x - centre.x;
    double dy = p.y - centre.y;
    return new Point2D.Double(centre.x + c * dx - s * dy, centre.y + s * dx + c * dy);
  }
}

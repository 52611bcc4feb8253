package io.gpunit.core.data.synthetic;

import static io.gpunit.core.data.synthetic.Canvas.ellipse;
import static io.gpunit.core.data.synthetic.Canvas.point;
import static io.gpunit.core.data.synthetic.Canvas.polygon;
import static io.gpunit.core.data.synthetic.Canvas.rotated;
import static io.gpunit.core.data.synthetic.Canvas.segment;
import static io.gpunit.core.data.synthetic.Canvas.union;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.Random;

/**
 * A car in side view: a boxy body spanning the skeleton's body and legs, a cabin with windows where
 * an animal has its back and head, and wheels where an animal has its feet. The gait turns the
 * wheels' spokes. Patterns: 0 plain, 1 racing stripe, 2 two-tone roof, 3 side flash.
 */
final class CarRenderer implements ClassRenderer {

  private static final int[] PAINT = {
    0xc41e24, 0x1f4fb4, 0xf2c21b, 0x2f8a3c, 0xb9bcc2, 0x1c1c1e, 0xf4f4f4, 0xe8701a
  };
  private static final int[] GLASS = {0x9fc3d9, 0x6d8796, 0x3a4450};

  @Override
  public Style style(Random r) {
    Color paint = Style.pick(r, PAINT);
    Color second =
        paint.getRed() + paint.getGreen() + paint.getBlue() > 400
            ? new Color(0x2a2a2a)
            : new Color(0xf2f2f2);
    Color accent = Style.pick(r, 0xf2f2f2, 0x1c1c1c, 0xf2c21b, 0xc41e24);
    return new Style(paint, second, accent, Style.pick(r, GLASS), r.nextInt(4), r.nextLong());
  }

  @Override
  public void draw(Canvas c, Skeleton s, Style st) {
    double top = -0.42 * s.h;
    double wheelY = 0.5 * (s.hips[0].y + s.feet[0].y) + 0.05 * s.legLength;
    double bottom = wheelY + 0.02;
    double roof = top - 0.2;
    double frontX = Math.max(0.6, s.head.x + 0.1);
    Shape lower = new RoundRectangle2D.Double(-0.6, top, frontX + 0.6, bottom - top, 0.14, 0.14);
    Shape cabin = polygon(-0.45, top + 0.02, -0.36, roof, 0.12, roof, 0.36, top + 0.02);
    Shape shell = union(lower, cabin);
    c.part(shell, st.primary());

    Random r = new Random(st.detailSeed());
    switch (st.pattern()) {
      case 1 -> c.marking(new Rectangle2D.Double(-0.7, top + 0.08, 2.0, 0.06), st.accent(), shell);
      case 2 ->
          c.marking(
              new Rectangle2D.Double(-0.7, roof - 0.1, 2.0, top - roof + 0.1),
              st.secondary(),
              cabin);
      case 3 ->
          c.marking(
              polygon(
                  -0.55,
                  bottom - 0.12,
                  0.45,
                  top + 0.1 + 0.05 * r.nextDouble(),
                  0.55,
                  top + 0.1,
                  -0.4,
                  bottom - 0.06),
              st.accent(),
              lower);
      default -> {}
    }
    double inset = 0.035;
    Shape glass =
        polygon(-0.41, top + 0.005, -0.34, roof + inset, 0.1, roof + inset, 0.3, top + 0.005);
    c.marking(glass, st.eye());
    c.line(segment(point(-0.1, roof), point(-0.1, top)), 0.03, st.primary());
    c.line(
        segment(point(-0.1, top), point(-0.1, bottom - 0.05)),
        0.008,
        Style.shade(st.primary(), 0.6));
    c.line(
        segment(point(0.33, top), point(0.33, bottom - 0.05)),
        0.008,
        Style.shade(st.primary(), 0.6));
    c.marking(ellipse(frontX - 0.03, top + 0.07, 0.04, 0.03), new Color(0xfff3b0));
    c.marking(new Rectangle2D.Double(-0.6, top + 0.04, 0.04, 0.06), new Color(0xd01010));
    c.marking(
        new Rectangle2D.Double(-0.6, bottom - 0.06, frontX + 0.6, 0.04),
        new Color(0x303030),
        lower);

    double radius = 0.15;
    for (double x : new double[] {s.hips[3].x + 0.05, s.hips[0].x + 0.02}) {
      Point2D hub = point(x, wheelY);
      c.part(ellipse(hub, radius, radius), new Color(0x1a1a1a));
      c.marking(ellipse(hub, 0.6 * radius, 0.6 * radius), new Color(0xb0b4ba));
      Shape spokes =
          union(
              new Rectangle2D.Double(x - 0.55 * radius, wheelY - 0.012, 1.1 * radius, 0.024),
              new Rectangle2D.Double(x - 0.012, wheelY - 0.55 * radius, 0.024, 1.1 * radius));
      c.marking(rotated(spokes, hub, s.legPhase), new Color(0x6a6e74));
      c.marking(ellipse(hub, 0.15 * radius, 0.15 * radius), new Color(0x2a2a2a));
    }
  }
}

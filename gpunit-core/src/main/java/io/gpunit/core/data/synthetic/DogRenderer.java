package io.gpunit.core.data.synthetic;

import static io.gpunit.core.data.synthetic.Canvas.curve;
import static io.gpunit.core.data.synthetic.Canvas.ellipse;
import static io.gpunit.core.data.synthetic.Canvas.offset;
import static io.gpunit.core.data.synthetic.Canvas.point;
import static io.gpunit.core.data.synthetic.Canvas.segment;
import static io.gpunit.core.data.synthetic.Canvas.stroked;
import static io.gpunit.core.data.synthetic.Canvas.union;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.util.Random;

/**
 * A dog: deep-chested body, long snout with a black nose, floppy ears, thick legs and a bushy tail.
 * Patterns: 0 solid, 1 large patches, 2 dark saddle, 3 dalmatian spots.
 */
final class DogRenderer implements ClassRenderer {

  private static final int[] COAT = {0xc8913f, 0x7b4a25, 0x262220, 0xefe9df, 0xb8865a, 0x9a9a96};

  @Override
  public Style style(Random r) {
    Color coat = Style.pick(r, COAT);
    int pattern = r.nextInt(4);
    if (pattern == 3) {
      coat = Style.jitter(new Color(0xf2f0ea), r, 0.04f);
    }
    Color second =
        coat.getRed() + coat.getGreen() < 150 ? Style.shade(coat, 3.0) : Style.shade(coat, 0.4);
    if (pattern == 3) {
      second = new Color(0x1c1c1c);
    }
    return new Style(coat, second, new Color(0x141414), new Color(0x3a2412), pattern, r.nextLong());
  }

  @Override
  public void draw(Canvas c, Skeleton s, Style st) {
    Color far = Style.shade(st.primary(), 0.78);
    for (int leg : new int[] {0, 2}) {
      c.part(leg(s, leg), far);
    }
    Point2D tailEnd = offset(s.tailBase, 0.36 * s.tailDirection.x, 0.36 * s.tailDirection.y);
    Point2D tailControl =
        offset(s.tailBase, 0.2 * s.tailDirection.x, 0.2 * s.tailDirection.y - 0.06);
    Shape tail =
        union(stroked(curve(s.tailBase, tailControl, tailEnd), 0.11), ellipse(tailEnd, 0.07, 0.07));
    c.part(tail, st.primary());
    Shape body = union(ellipse(0, 0, 0.5, 0.5 * s.h), ellipse(0.28, 0.02, 0.2, 0.5 * s.h));
    Point2D neckMid = point((s.neck.x + s.head.x) / 2, (s.neck.y + s.head.y) / 2);
    Shape neck = ellipse(neckMid, 0.13, 0.16);
    Shape legs = union(leg(s, 1), leg(s, 3));
    Shape head =
        union(
            ellipse(s.head, 0.15, 0.14),
            s.atHead(new RoundRectangle2D.Double(0.02, -0.02, 0.29, 0.13, 0.09, 0.09)));
    c.part(union(body, neck), st.primary());
    c.part(legs, st.primary());
    c.part(head, st.primary());
    Shape coat = union(body, neck, legs, head, tail);
    drawPattern(c, s, st, body, coat);

    Shape ear = s.atHead(Canvas.ellipse(point(-0.07, 0.02), 0.065, 0.15, 0.35 - 0.5 * s.headTilt));
    c.part(ear, Style.shade(st.secondary(), st.pattern() == 3 ? 1.0 : 0.9));
    c.marking(s.atHead(ellipse(0.29, 0.015, 0.04, 0.035)), st.accent());
    c.line(
        s.atHead(curve(point(0.27, 0.08), point(0.2, 0.11), point(0.1, 0.08))), 0.012, st.accent());
    c.marking(s.atHead(ellipse(0.06, -0.045, 0.028, 0.03)), st.eye());
    c.marking(s.atHead(ellipse(0.07, -0.055, 0.009, 0.009)), Color.WHITE);
  }

  private static Shape leg(Skeleton s, int i) {
    return union(
        stroked(segment(s.hips[i], s.feet[i]), 0.11),
        ellipse(offset(s.feet[i], 0.03, 0.005), 0.07, 0.04));
  }

  private static void drawPattern(Canvas c, Skeleton s, Style st, Shape body, Shape coat) {
    Random r = new Random(st.detailSeed());
    switch (st.pattern()) {
      case 1 -> {
        for (int i = 0; i < 3; i++) {
          Point2D p = point(-0.4 + 0.9 * r.nextDouble(), -0.3 + 0.5 * r.nextDouble());
          c.marking(
              ellipse(p, 0.12 + 0.1 * r.nextDouble(), 0.1 + 0.08 * r.nextDouble()),
              st.secondary(),
              coat);
        }
      }
      case 2 -> c.marking(ellipse(-0.05, -0.5 * s.h, 0.45, 0.45 * s.h), st.secondary(), body);
      case 3 -> {
        for (int i = 0; i < 28; i++) {
          Point2D p = point(-0.6 + 1.4 * r.nextDouble(), -0.55 + 1.2 * r.nextDouble());
          double radius = 0.018 + 0.02 * r.nextDouble();
          c.marking(ellipse(p, radius, radius), st.secondary(), coat);
        }
      }
      default -> {}
    }
  }
}

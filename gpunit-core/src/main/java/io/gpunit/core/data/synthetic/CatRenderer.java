package io.gpunit.core.data.synthetic;

import static io.gpunit.core.data.synthetic.Canvas.curve;
import static io.gpunit.core.data.synthetic.Canvas.ellipse;
import static io.gpunit.core.data.synthetic.Canvas.offset;
import static io.gpunit.core.data.synthetic.Canvas.point;
import static io.gpunit.core.data.synthetic.Canvas.polygon;
import static io.gpunit.core.data.synthetic.Canvas.segment;
import static io.gpunit.core.data.synthetic.Canvas.stroked;
import static io.gpunit.core.data.synthetic.Canvas.union;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Point2D;
import java.util.Random;

/**
 * A cat: slender body, round head with two pointed ears, thin legs and a long thin tail curling up.
 * Patterns: 0 solid, 1 tabby stripes, 2 calico patches, 3 white belly and paws.
 */
final class CatRenderer implements ClassRenderer {

  private static final int[] FUR = {0xd9822b, 0x8a8a8a, 0x2b2b2b, 0xe8d5b0, 0x7a5230, 0xf2f2f2};
  private static final int[] EYES = {0x7cc242, 0xe6c229, 0x5aa7e0, 0xd98c1a};

  @Override
  public Style style(Random r) {
    Color fur = Style.pick(r, FUR);
    Color second = Style.shade(fur, fur.getRed() + fur.getGreen() < 120 ? 2.2 : 0.45);
    return new Style(
        fur, second, new Color(0xf0a0a8), Style.pick(r, EYES), r.nextInt(4), r.nextLong());
  }

  @Override
  public void draw(Canvas c, Skeleton s, Style st) {
    Color far = Style.shade(st.primary(), 0.8);
    for (int leg : new int[] {0, 2}) {
      c.part(leg(s, leg), far);
    }
    Point2D tailEnd = offset(s.tailBase, 0.5 * s.tailDirection.x, 0.5 * s.tailDirection.y - 0.08);
    Point2D tailControl =
        offset(s.tailBase, 0.35 * s.tailDirection.x, 0.35 * s.tailDirection.y + 0.1);
    Shape tail = stroked(curve(s.tailBase, tailControl, tailEnd), 0.055);
    c.part(tail, st.primary());
    Shape body = ellipse(0, 0.01, 0.47, 0.46 * s.h);
    Point2D neckMid = point((s.neck.x + s.head.x) / 2, (s.neck.y + s.head.y) / 2);
    Shape neck = ellipse(neckMid, 0.09, 0.12);
    c.part(union(body, neck), st.primary());
    Shape legs = union(leg(s, 1), leg(s, 3));
    c.part(legs, st.primary());

    Shape head = ellipse(s.head, 0.165, 0.155);
    Shape ears =
        s.atHead(
            union(
                polygon(-0.14, -0.06, -0.01, -0.13, -0.12, -0.31),
                polygon(0.02, -0.13, 0.14, -0.06, 0.12, -0.31)));
    c.part(union(head, ears), st.primary());
    Shape innerEars =
        s.atHead(
            union(
                polygon(-0.115, -0.09, -0.04, -0.13, -0.105, -0.24),
                polygon(0.04, -0.13, 0.11, -0.09, 0.10, -0.24)));
    c.marking(innerEars, st.accent());

    Shape furArea = union(body, neck, head, tail, legs);
    drawPattern(c, s, st, body, furArea);

    for (double ex : new double[] {0.02, 0.10}) {
      c.marking(s.atHead(ellipse(ex, -0.03, 0.032, 0.038)), st.eye());
      c.marking(s.atHead(ellipse(ex + 0.004, -0.03, 0.009, 0.032)), Color.BLACK);
    }
    c.marking(s.atHead(polygon(0.10, 0.035, 0.15, 0.035, 0.125, 0.065)), st.accent());
    Color whisker = new Color(235, 235, 235);
    for (double wy : new double[] {0.05, 0.08}) {
      c.line(s.atHead(segment(point(0.14, 0.065), point(0.30, wy))), 0.008, whisker);
    }
  }

  private static Shape leg(Skeleton s, int i) {
    return union(
        stroked(segment(s.hips[i], s.feet[i]), 0.075),
        ellipse(offset(s.feet[i], 0.02, 0), 0.05, 0.03));
  }

  private static void drawPattern(Canvas c, Skeleton s, Style st, Shape body, Shape fur) {
    Random r = new Random(st.detailSeed());
    switch (st.pattern()) {
      case 1 -> {
        for (double x = -0.42; x < 0.7; x += 0.09 + 0.03 * r.nextDouble()) {
          double w = 0.025 + 0.015 * r.nextDouble();
          double lean = 0.1 * (r.nextDouble() - 0.5);
          c.marking(
              polygon(x, -0.7, x + w, -0.7, x + w + lean, 0.7, x + lean, 0.7), st.secondary(), fur);
        }
      }
      case 2 -> {
        Color[] patch = {new Color(0xd9822b), new Color(0x2b2b2b)};
        for (int i = 0; i < 5; i++) {
          Point2D p = point(-0.45 + 1.1 * r.nextDouble(), -0.45 + 0.9 * r.nextDouble());
          c.marking(
              ellipse(p, 0.08 + 0.08 * r.nextDouble(), 0.06 + 0.06 * r.nextDouble()),
              patch[i % 2],
              fur);
        }
      }
      case 3 -> {
        Color white = new Color(0xf4f4f0);
        c.marking(ellipse(0.05, 0.3 * s.h, 0.4, 0.25 * s.h), white, body);
        for (Point2D f : s.feet) {
          c.marking(ellipse(f, 0.07, 0.06), white, fur);
        }
        c.marking(s.atHead(ellipse(0.1, 0.06, 0.07, 0.05)), white, fur);
      }
      default -> {}
    }
  }
}

package io.gpunit.core.data.synthetic;

import static io.gpunit.core.data.synthetic.Canvas.ellipse;
import static io.gpunit.core.data.synthetic.Canvas.offset;
import static io.gpunit.core.data.synthetic.Canvas.point;
import static io.gpunit.core.data.synthetic.Canvas.polygon;
import static io.gpunit.core.data.synthetic.Canvas.rotated;
import static io.gpunit.core.data.synthetic.Canvas.segment;
import static io.gpunit.core.data.synthetic.Canvas.stroked;
import static io.gpunit.core.data.synthetic.Canvas.union;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Point2D;
import java.util.Random;

/**
 * A bird: egg-shaped body, small round head with a pointed beak, wings lifted by the latent's limb
 * spread, a fanned tail and two thin legs. Patterns: 0 plain, 1 coloured breast, 2 wing bars, 3
 * crest and cap.
 */
final class BirdRenderer implements ClassRenderer {

  private static final int[] PLUMAGE = {0xc8242b, 0x2f63c4, 0xf0cf2a, 0x3f9a3a, 0x8a6a4a, 0x303030};
  private static final int[] WINGS = {0x1f2a44, 0x5a3a1a, 0xeeeeee, 0x2a2a2a, 0x3b7f9e};
  private static final int[] BEAKS = {0xf08c1e, 0xf0c419, 0x2a2a2a};

  @Override
  public Style style(Random r) {
    Color plumage = Style.pick(r, PLUMAGE);
    Color wing = Style.pick(r, WINGS);
    Color breast = Style.pick(r, 0xf07a2a, 0xf5f0e0, 0xf5d63a, 0xd0342c);
    return new Style(plumage, wing, breast, Style.pick(r, BEAKS), r.nextInt(4), r.nextLong());
  }

  @Override
  public void draw(Canvas c, Skeleton s, Style st) {
    Color legColour = new Color(0xd08a3a);
    for (int leg : new int[] {1, 2}) {
      // Birds stand on shorter legs than the skeleton's: the foot moves a quarter of the way up.
      Point2D hip = point(s.hips[leg].x * 0.5, s.hips[leg].y + 0.1 * s.h);
      Point2D foot =
          point(
              s.feet[leg].x + 0.25 * (hip.getX() - s.feet[leg].x),
              s.feet[leg].y + 0.25 * (hip.getY() - s.feet[leg].y));
      c.part(stroked(segment(hip, foot), 0.03), legColour);
      c.part(stroked(segment(offset(foot, -0.04, 0), offset(foot, 0.07, 0)), 0.025), legColour);
    }
    double lift = 0.25 + 1.1 * s.limbSpread;
    Point2D shoulder = point(0.12, -0.3 * s.h);
    Shape farWing = rotated(wing(shoulder), shoulder, lift + 0.25);
    c.part(farWing, Style.shade(st.secondary(), 0.8));

    double tailTilt = Math.atan2(s.tailDirection.y, s.tailDirection.x);
    for (double fan : new double[] {-0.28, 0, 0.28}) {
      Point2D mid =
          offset(s.tailBase, 0.16 * Math.cos(tailTilt + fan), 0.16 * Math.sin(tailTilt + fan));
      c.part(Canvas.ellipse(mid, 0.2, 0.05, tailTilt + fan), st.secondary());
    }
    Shape body = Canvas.ellipse(point(0.02, -0.02), 0.44, 0.55 * s.h, -0.15);
    Point2D headCentre =
        point(s.neck.x + 0.75 * (s.head.x - s.neck.x), s.neck.y + 0.75 * (s.head.y - s.neck.y));
    Shape head = ellipse(headCentre, 0.14, 0.14);
    Shape neck =
        ellipse(
            point((headCentre.getX() + 0.3) / 2, (headCentre.getY() - 0.1 * s.h) / 2), 0.12, 0.12);
    c.part(union(body, head, neck), st.primary());

    Shape nearWing = rotated(wing(shoulder), shoulder, lift);
    c.part(nearWing, st.secondary());
    Random r = new Random(st.detailSeed());
    switch (st.pattern()) {
      case 1 ->
          c.marking(
              Canvas.ellipse(point(0.22, 0.12 * s.h), 0.22, 0.32 * s.h, -0.4), st.accent(), body);
      case 2 -> {
        double sx = shoulder.getX();
        double sy = shoulder.getY();
        for (double x = 0.12; x < 0.5; x += 0.1) {
          Shape bar =
              polygon(
                  sx - x - 0.03,
                  sy - 0.2,
                  sx - x,
                  sy - 0.2,
                  sx - x,
                  sy + 0.2,
                  sx - x - 0.03,
                  sy + 0.2);
          c.marking(rotated(bar, shoulder, lift), Color.WHITE, nearWing);
        }
      }
      case 3 -> {
        Shape crest =
            polygon(
                headCentre.getX() - 0.1,
                headCentre.getY() - 0.08,
                headCentre.getX() - 0.2 - 0.05 * r.nextDouble(),
                headCentre.getY() - 0.28,
                headCentre.getX() + 0.02,
                headCentre.getY() - 0.12);
        c.part(crest, st.primary());
        c.marking(
            ellipse(headCentre.getX(), headCentre.getY() - 0.12, 0.15, 0.09), st.accent(), head);
      }
      default -> {}
    }
    Point2D beakBase = offset(headCentre, 0.1, 0.0);
    Shape beak =
        rotated(
            polygon(
                beakBase.getX(),
                beakBase.getY() - 0.045,
                beakBase.getX() + 0.2,
                beakBase.getY() + 0.01,
                beakBase.getX(),
                beakBase.getY() + 0.045),
            headCentre,
            s.headTilt * 0.5);
    c.part(beak, st.eye());
    c.marking(ellipse(offset(headCentre, 0.04, -0.03), 0.03, 0.03), Color.WHITE);
    c.marking(ellipse(offset(headCentre, 0.045, -0.03), 0.018, 0.018), Color.BLACK);
  }

  /** A wing in its rest pose: a long feathered ellipse trailing back from the shoulder. */
  private static Shape wing(Point2D shoulder) {
    return union(
        Canvas.ellipse(offset(shoulder, -0.22, 0.02), 0.26, 0.1, 0.05),
        polygon(
            shoulder.getX() - 0.3,
            shoulder.getY() - 0.02,
            shoulder.getX() - 0.58,
            shoulder.getY() + 0.06,
            shoulder.getX() - 0.3,
            shoulder.getY() + 0.1));
  }
}

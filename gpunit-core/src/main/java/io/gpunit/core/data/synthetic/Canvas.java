package io.gpunit.core.data.synthetic;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Draws one object into a colour image and its binary instance mask at the same time. Parts of the
 * silhouette go to both; markings (stripes, eyes, windows) go to the colour image only, clipped to
 * a part, so the mask is exactly the object's outline. Shapes are given in the {@link Skeleton}'s
 * object frame.
 */
final class Canvas {

  private final Graphics2D colour;
  private final Graphics2D mask;

  Canvas(BufferedImage colourImage, BufferedImage maskImage, AffineTransform frame) {
    colour = colourImage.createGraphics();
    colour.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    colour.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    colour.setTransform(frame);
    mask = maskImage.createGraphics();
    mask.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    mask.setTransform(frame);
    mask.setColor(Color.WHITE);
  }

  /** A filled part of the silhouette. */
  void part(Shape shape, Color fill) {
    colour.setColor(fill);
    colour.fill(shape);
    mask.fill(shape);
  }

  /** A marking inside {@code clip} (in the frame), on the colour image only. */
  void marking(Shape shape, Color fill, Shape clip) {
    Shape saved = colour.getClip();
    colour.clip(clip);
    colour.setColor(fill);
    colour.fill(shape);
    colour.setClip(saved);
  }

  /** A marking without clipping (eyes, noses: they lie inside a part anyway). */
  void marking(Shape shape, Color fill) {
    colour.setColor(fill);
    colour.fill(shape);
  }

  /** A translucent ground shadow, colour image only. */
  void shadow(Shape shape) {
    colour.setColor(new Color(0, 0, 0, 60));
    colour.fill(shape);
  }

  /** A thin line marking (whiskers, panel lines), colour image only. */
  void line(Shape path, double width, Color stroke) {
    colour.setColor(stroke);
    colour.fill(stroked(path, width));
  }

  void dispose() {
    colour.dispose();
    mask.dispose();
  }

  // ---- shape helpers (object-frame geometry) ---------------------------------------------------

  static Shape stroked(Shape path, double width) {
    return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
        .createStrokedShape(path);
  }

  static Ellipse2D ellipse(double cx, double cy, double rx, double ry) {
    return new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry);
  }

  static Ellipse2D ellipse(Point2D c, double rx, double ry) {
    return ellipse(c.getX(), c.getY(), rx, ry);
  }

  /** An ellipse turned by {@code angle} about its centre. */
  static Shape ellipse(Point2D c, double rx, double ry, double angle) {
    return AffineTransform.getRotateInstance(angle, c.getX(), c.getY())
        .createTransformedShape(ellipse(c, rx, ry));
  }

  static Shape polygon(double... xy) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(xy[0], xy[1]);
    for (int i = 2; i < xy.length; i += 2) {
      p.lineTo(xy[i], xy[i + 1]);
    }
    p.closePath();
    return p;
  }

  static Shape segment(Point2D a, Point2D b) {
    return new Line2D.Double(a, b);
  }

  /** A quadratic curve from {@code a} through control {@code c} to {@code b}. */
  static Shape curve(Point2D a, Point2D c, Point2D b) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(a.getX(), a.getY());
    p.quadTo(c.getX(), c.getY(), b.getX(), b.getY());
    return p;
  }

  /** A shape turned by {@code angle} about {@code pivot}. */
  static Shape rotated(Shape shape, Point2D pivot, double angle) {
    return AffineTransform.getRotateInstance(angle, pivot.getX(), pivot.getY())
        .createTransformedShape(shape);
  }

  /**
   * The union of {@code shapes} as one non-zero-winding path. Each closed piece is flattened and
   * turned to the same orientation first, so overlapping pieces add up instead of cancelling; this
   * is far cheaper than {@link java.awt.geom.Area} and exact to the flattening tolerance (1/1000 of
   * a body length).
   */
  static Shape union(Shape... shapes) {
    Path2D.Double out = new Path2D.Double(Path2D.WIND_NON_ZERO);
    double[] coords = new double[6];
    List<double[]> piece = new ArrayList<>();
    for (Shape shape : shapes) {
      PathIterator it = shape.getPathIterator(null, 0.001);
      for (; !it.isDone(); it.next()) {
        int type = it.currentSegment(coords);
        if (type == PathIterator.SEG_MOVETO) {
          appendOriented(out, piece);
        }
        if (type != PathIterator.SEG_CLOSE) {
          piece.add(new double[] {coords[0], coords[1]});
        }
      }
      appendOriented(out, piece);
    }
    return out;
  }

  private static void appendOriented(Path2D.Double out, List<double[]> piece) {
    if (piece.size() >= 3) {
      double twiceArea = 0;
      for (int i = 0; i < piece.size(); i++) {
        double[] p = piece.get(i);
        double[] q = piece.get((i + 1) % piece.size());
        twiceArea += p[0] * q[1] - q[0] * p[1];
      }
      if (twiceArea < 0) {
        Collections.reverse(piece);
      }
      out.moveTo(piece.get(0)[0], piece.get(0)[1]);
      for (int i = 1; i < piece.size(); i++) {
        out.lineTo(piece.get(i)[0], piece.get(i)[1]);
      }
      out.closePath();
    }
    piece.clear();
  }

  static Point2D.Double point(double x, double y) {
    return new Point2D.Double(x, y);
  }

  static Point2D.Double offset(Point2D p, double dx, double dy) {
    return new Point2D.Double(p.getX() + dx, p.getY() + dy);
  }
}

package io.gpunit.core.data.synthetic;

import java.util.Random;

/** How one {@link SyntheticClass} looks: its style distribution and its drawing on a skeleton. */
interface ClassRenderer {

  /** Draws an appearance from the class's style distribution. */
  Style style(Random random);

  /** Draws the object (silhouette parts and markings) in the skeleton's frame. */
  void draw(Canvas canvas, Skeleton skeleton, Style style);
}

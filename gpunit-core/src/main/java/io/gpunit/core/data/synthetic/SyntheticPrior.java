package io.gpunit.core.data.synthetic;

import com.google.common.base.Preconditions;
import io.gpunit.core.image.FloatImage;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A procedural, class-conditional image generator that stands in for BigGAN in GP-UNIT's stage 1.
 *
 * <p>GP-UNIT distils a generative prior: BigGAN renders one latent code z in two classes, and the
 * two images share layout (position, size, pose) while shapes and textures follow their classes;
 * the content encoder learns from such pairs what "the same content" means across domains. Here
 * {@link Latent} plays z and {@link SyntheticClass} the class: every class is drawn on one {@link
 * Skeleton} computed from z alone, so {@code render(z, CAT, s1)} and {@code render(z, CAR, s2)}
 * overlap, while appearance within a class (fur colour, stripes, paint) comes from a separate style
 * seed.
 *
 * <p>Rendering is Java2D with antialiasing, directly at the target size, into a colour image and a
 * binary mask drawn without antialiasing; then the object is shaded by a linear light ramp along
 * the latent's light direction. Everything is a pure function of (z, class, style seed, size).
 * Instances are immutable and thread-safe.
 */
public final class SyntheticPrior {

  private final Set<SyntheticClass> classes;
  private final int size;

  private SyntheticPrior(Builder b) {
    this.classes = EnumSet.copyOf(b.classes);
    this.size = b.size;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int size() {
    return size;
  }

  public Set<SyntheticClass> classes() {
    return EnumSet.copyOf(classes);
  }

  /** Draws a content code. */
  public Latent sampleLatent(Random random) {
    return Latent.sample(random);
  }

  /**
   * Renders content {@code z} as an object of class {@code klass} whose looks come from {@code
   * styleSeed}.
   */
  public Sample render(Latent z, SyntheticClass klass, long styleSeed) {
    Preconditions.checkArgument(
        classes.contains(klass), "class %s is not one of this prior's classes %s", klass, classes);
    ClassRenderer renderer = klass.renderer();
    Style style = renderer.style(new Random(styleSeed * 0x9E3779B97F4A7C15L + klass.ordinal()));
    Skeleton skeleton = new Skeleton(z, size);

    BufferedImage colour = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    BufferedImage mask = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
    paintBackground(colour, z);
    Canvas canvas = new Canvas(colour, mask, skeleton.toImage());
    try {
      canvas.shadow(Canvas.ellipse(0.0, skeleton.groundY(), 0.62, 0.07));
      renderer.draw(canvas, skeleton, style);
    } finally {
      canvas.dispose();
    }
    return toSample(colour, mask, z);
  }

  private void paintBackground(BufferedImage image, Latent z) {
    Graphics2D g = image.createGraphics();
    try {
      double half = size / 2.0;
      double dx = Math.sin(z.backgroundAngle()) * half;
      double dy = Math.cos(z.backgroundAngle()) * half;
      g.setPaint(
          new GradientPaint(
              (float) (half - dx),
              (float) (half - dy),
              new Color(z.backgroundTop()),
              (float) (half + dx),
              (float) (half + dy),
              new Color(z.backgroundBottom())));
      g.fillRect(0, 0, size, size);
    } finally {
      g.dispose();
    }
  }

  /**
   * Converts to [-1, 1] floats, shading object pixels by {@code 1 + strength * d}, where {@code d}
   * is the pixel's offset from the object centre along the light direction in units of half the
   * body length (clamped to [-1, 1]).
   */
  private Sample toSample(BufferedImage colour, BufferedImage maskImage, Latent z) {
    int[] rgb = ((DataBufferInt) colour.getRaster().getDataBuffer()).getData();
    byte[] m = ((DataBufferByte) maskImage.getRaster().getDataBuffer()).getData();
    int plane = size * size;
    float[] image = new float[3 * plane];
    float[] mask = new float[plane];
    double lx = Math.cos(z.lightAngle());
    double ly = Math.sin(z.lightAngle());
    double cx = z.x() * size;
    double cy = z.y() * size;
    double reach = 0.5 * z.scale() * size;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int i = y * size + x;
        int p = rgb[i];
        float shade = 1f;
        if (m[i] != 0) {
          mask[i] = 1f;
          double d = ((x + 0.5 - cx) * lx + (y + 0.5 - cy) * ly) / reach;
          shade = (float) (1 + z.lightStrength() * Math.max(-1, Math.min(1, d)));
        }
        image[i] = channel((p >> 16) & 0xff, shade);
        image[plane + i] = channel((p >> 8) & 0xff, shade);
        image[2 * plane + i] = channel(p & 0xff, shade);
      }
    }
    return new Sample(FloatImage.of(3, size, size, image), FloatImage.of(1, size, size, mask));
  }

  private static float channel(int value, float shade) {
    return Math.min(1f, value * shade / 127.5f - 1f);
  }

  /**
   * A stage-1 batch: {@code batch} latents, each rendered in {@code a} and in {@code b} with
   * independent style seeds, all drawn from {@code random}.
   */
  public SyntheticPairs pairs(int batch, SyntheticClass a, SyntheticClass b, Random random) {
    Preconditions.checkArgument(batch > 0, "batch must be positive, got %s", batch);
    List<FloatImage> as = new ArrayList<>(batch);
    List<FloatImage> bs = new ArrayList<>(batch);
    List<FloatImage> masksA = new ArrayList<>(batch);
    List<FloatImage> masksB = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      Latent z = sampleLatent(random);
      Sample sa = render(z, a, random.nextLong());
      Sample sb = render(z, b, random.nextLong());
      as.add(sa.image());
      bs.add(sb.image());
      masksA.add(sa.mask());
      masksB.add(sb.mask());
    }
    return new SyntheticPairs(
        FloatImage.stack(as),
        FloatImage.stack(bs),
        FloatImage.stack(masksA),
        FloatImage.stack(masksB));
  }

  /** Defaults: all classes, 64x64. */
  public static final class Builder {
    private Set<SyntheticClass> classes = EnumSet.allOf(SyntheticClass.class);
    private int size = 64;

    private Builder() {}

    /** The classes this prior may render. */
    public Builder classes(SyntheticClass... classes) {
      Preconditions.checkArgument(classes.length > 0, "need at least one class");
      this.classes = EnumSet.copyOf(List.of(classes));
      return this;
    }

    /** Side length of the square renders, in pixels (at least 8). */
    public Builder size(int size) {
      Preconditions.checkArgument(size >= 8, "render size must be at least 8 pixels, got %s", size);
      this.size = size;
      return this;
    }

    public SyntheticPrior build() {
      return new SyntheticPrior(this);
    }
  }
}

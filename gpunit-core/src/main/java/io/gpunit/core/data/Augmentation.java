package io.gpunit.core.data;

import com.google.common.base.Preconditions;
import io.gpunit.core.image.Crop;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.image.ResizePolicy;
import java.util.Random;

/**
 * The official training augmentation ({@code dataset.py}, {@code
 * preprocess_mode='resize_and_crop'}): resize to {@code loadSize x loadSize} (PIL bilinear, i.e.
 * {@link ResizePolicy#SQUASH}), cut a random {@code cropSize} square at {@code x = randint(0,
 * loadSize - cropSize)}, {@code y} likewise (both ends inclusive), and mirror with probability 1/2.
 * The random draws are separate from the image ({@link #draw}) so two images can share them, as the
 * official stage-1 pairs do. Immutable.
 */
public final class Augmentation {

  /** One draw of the random parameters. */
  public record Params(int top, int left, boolean flip) {}

  private final int loadSize;
  private final int cropSize;
  private final boolean flip;
  private final ResizePolicy resizePolicy;

  private Augmentation(Builder b) {
    Preconditions.checkArgument(
        b.cropSize > 0 && b.cropSize <= b.loadSize,
        "need 0 < cropSize <= loadSize, got cropSize=%s loadSize=%s",
        b.cropSize,
        b.loadSize);
    this.loadSize = b.loadSize;
    this.cropSize = b.cropSize;
    this.flip = b.flip;
    this.resizePolicy = b.resizePolicy;
  }

  /** The official settings: load 286, crop 256, flip, squash. */
  public static Augmentation official() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public int loadSize() {
    return loadSize;
  }

  public int cropSize() {
    return cropSize;
  }

  /** Draws a crop position and a flip in the official order (x, then y, then flip). */
  public Params draw(Random random) {
    int range = loadSize - cropSize + 1;
    int left = random.nextInt(range);
    int top = random.nextInt(range);
    boolean mirror = flip && random.nextDouble() > 0.5;
    return new Params(top, left, mirror);
  }

  /** Resize, crop and flip one image with the given draw. */
  public FloatImage apply(FloatImage image, Params params) {
    FloatImage loaded = resizePolicy.apply(image, loadSize, loadSize);
    FloatImage cropped = Crop.window(loaded, params.top(), params.left(), cropSize, cropSize);
    return params.flip() ? cropped.flipHorizontal() : cropped;
  }

  @Override
  public String toString() {
    return "Augmentation[load="
        + loadSize
        + ", crop="
        + cropSize
        + ", flip="
        + flip
        + ", "
        + resizePolicy
        + "]";
  }

  /** Defaults are the official ones: load 286, crop 256, flip on, {@link ResizePolicy#SQUASH}. */
  public static final class Builder {
    private int loadSize = 286;
    private int cropSize = 256;
    private boolean flip = true;
    private ResizePolicy resizePolicy = ResizePolicy.SQUASH;

    private Builder() {}

    public Builder loadSize(int loadSize) {
      this.loadSize = loadSize;
      return this;
    }

    public Builder cropSize(int cropSize) {
      this.cropSize = cropSize;
      return this;
    }

    public Builder flip(boolean flip) {
      this.flip = flip;
      return this;
    }

    /** How a non-square image reaches {@code loadSize x loadSize}. */
    public Builder resizePolicy(ResizePolicy resizePolicy) {
      this.resizePolicy = Preconditions.checkNotNull(resizePolicy, "resizePolicy");
      return this;
    }

    public Augmentation build() {
      return new Augmentation(this);
    }
  }
}

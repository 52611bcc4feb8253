package io.gpunit.core.testing;

import io.gpunit.core.data.synthetic.Latent;
import io.gpunit.core.data.synthetic.Sample;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.image.Images;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes stage-1 training folders in the official synImageNet291 layout from the synthetic prior:
 * {@code root/<label>/<k>.png} and the masks in {@code root_mask/<label>/<k>.png}, where file
 * {@code k} of every class is rendered from the same latent.
 */
public final class MaskedFolders {

  private MaskedFolders() {}

  /**
   * Writes {@code count} latents in each of {@code classes} under {@code images} and {@code masks};
   * class {@code i}'s folder is named {@code <folders[i]>}.
   */
  public static void write(
      SyntheticPrior prior,
      Path images,
      Path masks,
      int count,
      long seed,
      SyntheticClass[] classes,
      String[] folders) {
    Random latents = new Random(seed);
    try {
      for (int k = 0; k < count; k++) {
        Latent z = prior.sampleLatent(latents);
        for (int c = 0; c < classes.length; c++) {
          Sample sample = prior.render(z, classes[c], seed * 31 + k * 7L + c);
          Path imageDir = Files.createDirectories(images.resolve(folders[c]));
          Path maskDir = Files.createDirectories(masks.resolve(folders[c]));
          Images.writePng(sample.bufferedImage(), imageDir.resolve(k + ".png"));
          Images.writePng(Images.toImage(asPicture(sample.mask())), maskDir.resolve(k + ".png"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A [1,H,W] 0/1 mask as a grey [3,H,W] picture in [-1, 1]. */
  private static FloatImage asPicture(FloatImage mask) {
    int h = mask.height();
    int w = mask.width();
    float[] grey = new float[3 * h * w];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          grey[(c * h + y) * w + x] = mask.get(0, y, x) * 2 - 1;
        }
      }
    }
    return FloatImage.of(3, h, w, grey);
  }
}

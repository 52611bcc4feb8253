package io.gpunit.models.gpunit.stage1;

import io.gpunit.core.image.Images;
import io.gpunit.core.image.Resize;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What a stage-1 step saw and made, for previews: the 3B images (unpaired, side a, side b) and
 * their masks, the reconstructions and predicted masks, and the masks decoded from the pairs'
 * swapped contents.
 */
record StageOneVisuals(
    INDArray images, INDArray masks, INDArray recon, INDArray reconMasks, INDArray swapped) {

  /**
   * Per group (unpaired, side a, side b) a row of images, masks, reconstructions and predicted
   * masks for up to 4 samples, then a row of the swapped-content masks of sides a and b; every mask
   * brought to the images' side {@code s}.
   */
  List<List<BufferedImage>> rows(int b, int s) {
    int v = Math.min(b, 4);
    List<INDArray> parts =
        List.of(images, Resize.nearest(masks, s, s), recon, Resize.nearest(reconMasks, s, s));
    List<List<BufferedImage>> rows = new ArrayList<>();
    for (int group = 0; group < 3; group++) {
      List<BufferedImage> row = new ArrayList<>();
      for (INDArray part : parts) {
        row.addAll(Images.toImages(part.get(interval(group * b, group * b + v))));
      }
      rows.add(row);
    }
    INDArray translated = Resize.nearest(swapped, s, s);
    List<BufferedImage> last = new ArrayList<>();
    last.addAll(Images.toImages(translated.get(interval(0, v))));
    last.addAll(Images.toImages(translated.get(interval(b, b + v))));
    rows.add(last);
    return rows;
  }

  private static INDArrayIndex interval(int from, int to) {
    return NDArrayIndex.interval(from, to);
  }
}

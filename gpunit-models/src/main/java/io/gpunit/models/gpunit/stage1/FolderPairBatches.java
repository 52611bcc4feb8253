package io.gpunit.models.gpunit.stage1;

import io.gpunit.core.data.MaskedPairFolders;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.random.SplitMix64;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/** {@link PairBatchSource#folders}: stage-1 batches from masked image folders. */
final class FolderPairBatches implements PairBatchSource {

  private final MaskedPairFolders folders;

  FolderPairBatches(MaskedPairFolders folders) {
    this.folders = Objects.requireNonNull(folders, "folders");
    if (folders.classes().size() < 2 || folders.pairableNames() == 0) {
      throw new IllegalArgumentException(
          "stage 1 needs corresponding pairs: at least two class folders sharing file names, got "
              + folders.classes()
              + " with "
              + folders.pairableNames()
              + " shared names");
    }
  }

  @Override
  public int classes() {
    return folders.classes().size();
  }

  @Override
  public int imageSize() {
    return folders.imageSize();
  }

  /** Layout as the synthetic source: B unpaired, then the B first and the B second halves. */
  @Override
  public PairBatch batch(int pairs, SplitMix64 random) {
    Random draws = new Random(random.nextLong());
    int n = 3 * pairs;
    List<FloatImage> images = new ArrayList<>(n);
    List<FloatImage> masks = new ArrayList<>(n);
    int[] labels = new int[n];
    for (int i = 0; i < pairs; i++) {
      MaskedPairFolders.Item item = folders.single(draws);
      images.add(item.image());
      masks.add(item.mask());
      labels[i] = item.label();
    }
    List<MaskedPairFolders.Item> second = new ArrayList<>(pairs);
    for (int i = 0; i < pairs; i++) {
      List<MaskedPairFolders.Item> pair = folders.pair(draws);
      images.add(pair.get(0).image());
      masks.add(pair.get(0).mask());
      labels[pairs + i] = pair.get(0).label();
      second.add(pair.get(1));
    }
    for (int i = 0; i < pairs; i++) {
      images.add(second.get(i).image());
      masks.add(second.get(i).mask());
      labels[2 * pairs + i] = second.get(i).label();
    }
    return new PairBatch(FloatImage.stack(images), FloatImage.stack(masks), labels);
  }

  @Override
  public String toString() {
    return "folders" + folders.classes() + "@" + folders.imageSize();
  }
}

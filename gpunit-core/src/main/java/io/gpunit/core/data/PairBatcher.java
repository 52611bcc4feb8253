package io.gpunit.core.data;

import io.gpunit.core.image.FloatImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Builds one two-domain batch from files: picks {@code (a, b)} file pairs, applies one augmentation
 * draw to both images of a pair, and replaces any pair with an unreadable file by a fresh pick.
 * Confined to one thread (the prefetch thread or the caller's).
 */
final class PairBatcher {

  /** Chooses the next pair of files; may consult the loader to avoid known-bad files. */
  interface PairPicker {
    Path[] pick(Random random);
  }

  private final PairPicker picker;
  private final Augmentation augmentation;
  private final SkippingImageLoader loader;
  private final int batchSize;
  private final int maxConsecutiveFailures;
  private final Random random;

  PairBatcher(
      PairPicker picker,
      Augmentation augmentation,
      SkippingImageLoader loader,
      int batchSize,
      int distinctFiles,
      long seed) {
    this.picker = picker;
    this.augmentation = augmentation;
    this.loader = loader;
    this.batchSize = batchSize;
    this.maxConsecutiveFailures = Math.max(100, 4 * distinctFiles);
    this.random = new Random(seed);
  }

  TwoDomainBatch next() {
    List<FloatImage> as = new ArrayList<>(batchSize);
    List<FloatImage> bs = new ArrayList<>(batchSize);
    int failures = 0;
    while (as.size() < batchSize) {
      Path[] pair = picker.pick(random);
      Augmentation.Params params = augmentation.draw(random);
      Optional<FloatImage> a = loader.load(pair[0]);
      Optional<FloatImage> b = a.isPresent() ? loader.load(pair[1]) : Optional.empty();
      if (a.isEmpty() || b.isEmpty()) {
        if (++failures > maxConsecutiveFailures) {
          throw new DataLoadingException(
              "no readable image pair after "
                  + failures
                  + " attempts ("
                  + loader.skippedCount()
                  + " unreadable files so far); check the dataset folders");
        }
        continue;
      }
      failures = 0;
      as.add(augmentation.apply(a.get(), params));
      bs.add(augmentation.apply(b.get(), params));
    }
    return new TwoDomainBatch(FloatImage.stack(as), FloatImage.stack(bs));
  }
}

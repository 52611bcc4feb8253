package io.gpunit.models.training.data;

import io.gpunit.core.data.Augmentation;
import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.random.SplitMix64;
import java.nio.file.Path;

/**
 * Where the stage-2 and baseline trainers get their unpaired two-domain batches. A batch is a pure
 * function of the generator it is given, so that step {@code t} of a resumed run sees the same
 * images as step {@code t} of an uninterrupted one.
 */
public interface UnpairedBatches {

  /** S: images are [B,3,S,S] in [-1, 1]. */
  int imageSize();

  /**
   * {@code size} images of domain A and {@code size} of domain B, drawn from {@code random} only.
   */
  TwoDomainBatch batch(int size, SplitMix64 random);

  /**
   * Domain A is class {@code a} of {@code prior}, domain B class {@code b}; latents and styles are
   * independent, so the two halves never correspond.
   */
  static UnpairedBatches synthetic(SyntheticPrior prior, SyntheticClass a, SyntheticClass b) {
    return new SyntheticUnpairedBatches(prior, a, b);
  }

  /**
   * Domains {@code root/train/<a>} and {@code root/train/<b>} (the official layout) through {@code
   * augmentation}; see {@link FolderUnpairedBatches} for more options.
   */
  static FolderUnpairedBatches folders(Path root, String a, String b, Augmentation augmentation) {
    return FolderUnpairedBatches.builder()
        .root(root)
        .domains(a, b)
        .augmentation(augmentation)
        .build();
  }
}

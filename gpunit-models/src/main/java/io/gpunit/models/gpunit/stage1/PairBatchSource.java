package io.gpunit.models.gpunit.stage1;

import io.gpunit.core.data.MaskedPairFolders;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.random.SplitMix64;

/**
 * Where stage-1 batches come from: the synthetic prior, or (through the same interface) real pair
 * folders with masks. A batch must be a pure function of the generator it is given.
 */
public interface PairBatchSource {

  /** The number of classes (labels lie in [0, classes)). */
  int classes();

  /** S: images are S×S. */
  int imageSize();

  /** A batch of B unpaired images and B pairs, drawn from {@code random} only. */
  PairBatch batch(int pairs, SplitMix64 random);

  /**
   * Pairs from {@link SyntheticPrior}: unpaired images are random latents in random classes; a pair
   * is one latent in two different random classes (the prior needs at least two); style seeds are
   * independent. Labels are the classes' positions in {@code prior.classes()}.
   */
  static PairBatchSource synthetic(SyntheticPrior prior) {
    return new SyntheticPairBatches(prior);
  }

  /**
   * Real images with masks in the official layout (e.g. BigGAN renders exported elsewhere as
   * synImageNet291): unpaired images are random masked images of any class, a pair is one file name
   * in two different classes. Labels are the class folders' positions.
   */
  static PairBatchSource folders(MaskedPairFolders folders) {
    return new FolderPairBatches(folders);
  }
}

package io.gpunit.core.data;

import com.google.common.base.Preconditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content-corresponding image pairs for GP-UNIT's stage 1 (prior distillation): {@code a/x.png} and
 * {@code b/x.png} show the same content in two classes (in the paper, BigGAN renders of one latent
 * code in two ImageNet classes). Pairs are matched by file name; files present in only one folder
 * are left out (one WARN with the count).
 *
 * <p>Both images of a pair get the same {@link Augmentation} draw (same crop offsets and the same
 * flip), as in the official {@code ImageMaskLabelDataset(pair=True)}, so the correspondence the
 * content encoder learns from survives augmentation. Epochs walk a seeded shuffle of the pairs.
 * Unreadable files are skipped and counted as in {@link UnpairedImageFolders}.
 */
public final class PairedDataset implements TwoDomainSource {

  private static final Logger LOG = LoggerFactory.getLogger(PairedDataset.class);

  private final List<Path[]> pairs;
  private final int batchSize;
  private final Augmentation augmentation;
  private final SkippingImageLoader loader;
  private final BatchStream stream;

  private PairedDataset(Builder b) {
    Preconditions.checkState(b.folderA != null, "set the two folders with folders(a, b)");
    this.pairs = matchByName(b.folderA, b.folderB);
    this.batchSize = b.batchSize;
    this.augmentation = b.augmentation;
    this.loader = new SkippingImageLoader(b.alpha);
    EpochOrder order = new EpochOrder(pairs.size());
    PairBatcher batcher =
        new PairBatcher(
            random -> pairs.get(order.next(random)),
            augmentation,
            loader,
            batchSize,
            2 * pairs.size(),
            b.seed);
    this.stream = new BatchStream("paired-image-loader", b.prefetch, batcher::next);
  }

  private static List<Path[]> matchByName(Path folderA, Path folderB) {
    List<Path> filesA = ImageFiles.list(folderA);
    if (!Files.isDirectory(folderB)) {
      throw new IllegalArgumentException(
          "image folder " + folderB + " does not exist or is not a directory");
    }
    List<Path[]> pairs = new ArrayList<>();
    for (Path a : filesA) {
      Path b = folderB.resolve(a.getFileName().toString());
      if (Files.isRegularFile(b)) {
        pairs.add(new Path[] {a, b});
      }
    }
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException(
          "no image file name occurs in both " + folderA + " and " + folderB);
    }
    if (pairs.size() < filesA.size()) {
      LOG.warn(
          "{} of {} images in {} have no partner of the same name in {}; they are left out",
          filesA.size() - pairs.size(),
          filesA.size(),
          folderA,
          folderB);
    }
    return List.copyOf(pairs);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public TwoDomainBatch next() {
    return stream.next();
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public int imageSize() {
    return augmentation.cropSize();
  }

  @Override
  public long batchesPerEpoch() {
    return Math.max(1, pairs.size() / batchSize);
  }

  /** Pairs found (file names present in both folders). */
  public int size() {
    return pairs.size();
  }

  /** Files found unreadable so far (each logged once). */
  public int skippedFiles() {
    return loader.skippedCount();
  }

  @Override
  public void close() {
    stream.close();
  }

  /** Folders plus the shared loading options of {@link FolderSourceBuilder}. */
  public static final class Builder extends FolderSourceBuilder<Builder> {
    private Path folderA;
    private Path folderB;

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    public Builder folders(Path a, Path b) {
      this.folderA = Preconditions.checkNotNull(a, "folder a");
      this.folderB = Preconditions.checkNotNull(b, "folder b");
      return this;
    }

    public PairedDataset build() {
      return new PairedDataset(this);
    }
  }
}

package io.gpunit.core.data;

import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.util.List;

/**
 * Two folders of unpaired images, domain A and domain B, for GP-UNIT's stage 2 (and for UNIT,
 * CycleGAN, MUNIT). The official layout is {@code root/train/<domain>/*.jpg}; two explicit folders
 * work too.
 *
 * <p>Sampling follows the official {@code UnpairedDataset}: an epoch walks a seeded shuffle of
 * domain A (dropping the last incomplete batch), each A image is paired with a uniformly random B
 * image, and the two images of a pair share one {@link Augmentation} draw (the official code also
 * applies one crop and flip to source and target). With one loader thread, the same seed gives the
 * same batches.
 *
 * <p>Unreadable files are skipped with one WARN each, counted in {@link #skippedFiles()}, and never
 * tried again. Batches are prepared on a background daemon thread (a bounded queue of {@code
 * prefetch} batches); {@link #next()} rethrows its failures; {@link #close()} stops it.
 */
public final class UnpairedImageFolders implements TwoDomainSource {

  private final List<Path> filesA;
  private final List<Path> filesB;
  private final int batchSize;
  private final Augmentation augmentation;
  private final SkippingImageLoader loader;
  private final BatchStream stream;

  private UnpairedImageFolders(Builder b) {
    Preconditions.checkState(
        b.folderA != null, "set the folders with root(...).domains(...) or folders(a, b)");
    this.filesA = nonEmpty(b.folderA);
    this.filesB = nonEmpty(b.folderB);
    this.batchSize = b.batchSize;
    this.augmentation = b.augmentation;
    this.loader = new SkippingImageLoader(b.alpha);
    EpochOrder order = new EpochOrder(filesA.size());
    PairBatcher batcher =
        new PairBatcher(
            random ->
                new Path[] {
                  filesA.get(order.next(random)), filesB.get(random.nextInt(filesB.size()))
                },
            augmentation,
            loader,
            batchSize,
            filesA.size() + filesB.size(),
            b.seed);
    this.stream = new BatchStream("unpaired-image-loader", b.prefetch, batcher::next);
  }

  private static List<Path> nonEmpty(Path folder) {
    List<Path> files = ImageFiles.list(folder);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("image folder " + folder + " contains no image files");
    }
    return List.copyOf(files);
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
    return Math.max(1, filesA.size() / batchSize);
  }

  /** Image files found in domain A (including any found unreadable later). */
  public int sizeA() {
    return filesA.size();
  }

  /** Image files found in domain B. */
  public int sizeB() {
    return filesB.size();
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
    private Path root;
    private Path folderA;
    private Path folderB;

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /** The dataset root of the official layout; pair with {@link #domains}. */
    public Builder root(Path root) {
      this.root = root;
      return this;
    }

    /** Domains {@code root/train/<a>} and {@code root/train/<b>}. */
    public Builder domains(String a, String b) {
      Preconditions.checkState(root != null, "call root(...) before domains(...)");
      return folders(root.resolve("train").resolve(a), root.resolve("train").resolve(b));
    }

    /** Two explicit image folders. */
    public Builder folders(Path a, Path b) {
      this.folderA = Preconditions.checkNotNull(a, "folder a");
      this.folderB = Preconditions.checkNotNull(b, "folder b");
      return this;
    }

    public UnpairedImageFolders build() {
      return new UnpairedImageFolders(this);
    }
  }
}

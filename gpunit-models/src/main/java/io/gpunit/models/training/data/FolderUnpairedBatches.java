package io.gpunit.models.training.data;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.Augmentation;
import io.gpunit.core.data.ImageFiles;
import io.gpunit.core.data.SkippingImageLoader;
import io.gpunit.core.data.TwoDomainBatch;
import io.gpunit.core.image.AlphaPolicy;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.random.SplitMix64;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * {@link UnpairedBatches} from two image folders, the official layout being {@code
 * root/train/<domain>/*.jpg} ({@link ImageFiles#list}: by extension, naturally sorted).
 *
 * <p>Pair {@code i} of a batch is an A image and a B image picked by index from the given random
 * (uniformly, with replacement), brought through one shared {@link Augmentation} draw as the
 * official {@code UnpairedDataset} does (resize {@code loadSize}, random {@code cropSize} crop,
 * flip), so a batch is a pure function of the random and the folders' contents. An unreadable file
 * is logged once, counted in {@link #skippedFiles()} and replaced by another draw; a domain whose
 * files are all unreadable is an error.
 */
public final class FolderUnpairedBatches implements UnpairedBatches {

  private final List<Path> filesA;
  private final List<Path> filesB;
  private final Augmentation augmentation;
  private final SkippingImageLoader loader;
  private final String description;

  private FolderUnpairedBatches(Builder b) {
    Preconditions.checkState(
        b.folderA != null, "set the folders with root(...).domains(...) or folders(a, b)");
    this.filesA = nonEmpty(b.folderA);
    this.filesB = nonEmpty(b.folderB);
    this.augmentation = Objects.requireNonNull(b.augmentation, "augmentation");
    this.loader = new SkippingImageLoader(b.alpha);
    this.description = b.folderA + " -> " + b.folderB;
  }

  public static Builder builder() {
    return new Builder();
  }

  private static List<Path> nonEmpty(Path folder) {
    List<Path> files = ImageFiles.list(folder);
    Preconditions.checkArgument(
        !files.isEmpty(), "image folder %s contains no image files", folder);
    return List.copyOf(files);
  }

  /** S = the augmentation's crop size. */
  @Override
  public int imageSize() {
    return augmentation.cropSize();
  }

  @Override
  public TwoDomainBatch batch(int size, SplitMix64 random) {
    Preconditions.checkArgument(size > 0, "batch size must be positive, got %s", size);
    List<FloatImage> a = new ArrayList<>(size);
    List<FloatImage> b = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      FloatImage imageA = pick(filesA, random);
      FloatImage imageB = pick(filesB, random);
      Augmentation.Params params = augmentation.draw(new Random(random.nextLong()));
      a.add(augmentation.apply(imageA, params));
      b.add(augmentation.apply(imageB, params));
    }
    return new TwoDomainBatch(FloatImage.stack(a), FloatImage.stack(b));
  }

  /** A readable image of {@code files}, drawing indices until one decodes. */
  private FloatImage pick(List<Path> files, SplitMix64 random) {
    while (true) {
      Optional<FloatImage> image = loader.load(files.get(random.nextInt(files.size())));
      if (image.isPresent()) {
        return image.get();
      }
      if (files.stream().allMatch(loader::isSkipped)) {
        throw new IllegalStateException(
            "every image of the domain is unreadable ("
                + files.size()
                + " files, first "
                + files.get(0)
                + ")");
      }
    }
  }

  /** Files found unreadable so far (each logged once). */
  public int skippedFiles() {
    return loader.skippedCount();
  }

  /** Image files found in domain A (including any found unreadable later). */
  public int sizeA() {
    return filesA.size();
  }

  /** Image files found in domain B. */
  public int sizeB() {
    return filesB.size();
  }

  @Override
  public String toString() {
    return "folders[" + description + "]@" + imageSize() + " " + augmentation;
  }

  /** Folders, augmentation (default: the official one) and alpha handling (over white). */
  public static final class Builder {
    private Path root;
    private Path folderA;
    private Path folderB;
    private Augmentation augmentation = Augmentation.official();
    private AlphaPolicy alpha = AlphaPolicy.overWhite();

    private Builder() {}

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
      this.folderA = Objects.requireNonNull(a, "folder a");
      this.folderB = Objects.requireNonNull(b, "folder b");
      return this;
    }

    public Builder augmentation(Augmentation augmentation) {
      this.augmentation = augmentation;
      return this;
    }

    public Builder alpha(AlphaPolicy alpha) {
      this.alpha = Objects.requireNonNull(alpha, "alpha");
      return this;
    }

    public FolderUnpairedBatches build() {
      return new FolderUnpairedBatches(this);
    }
  }
}

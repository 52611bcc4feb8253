package io.gpunit.core.data;

import com.google.common.base.Preconditions;
import io.gpunit.core.image.AlphaPolicy;
import io.gpunit.core.image.FloatImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage-1 training images with instance masks in the official GP-UNIT layout (synImageNet291 and
 * ImageNet291): one folder per class under {@code images}, the masks mirrored under {@code masks}
 * with the same relative path and the stem's {@code .jpg} (or {@code .png}):
 *
 * <pre>
 * synImageNet291/Train/7_bird/0.jpg        synImageNet291_mask/Train/7_bird/0.jpg
 * synImageNet291/Train/158_dog/0.jpg       synImageNet291_mask/Train/158_dog/0.jpg
 * </pre>
 *
 * Images with the same file name in different classes were rendered from one latent code, so they
 * correspond: {@link #pair} draws such a pair. Classes are the sub-folders in natural order; a
 * label is a class's position in {@link #classes()}.
 *
 * <p>Both images of a pair and every mask get the same {@link Augmentation} draw as their image (as
 * the official {@code ImageMaskLabelDataset}). Masks are binarised at 0.5 after augmentation, since
 * JPEG masks are not exactly 0 and 1. Images without a mask are left out (one WARN per class with
 * the count); unreadable files are skipped at first use with one WARN each, counted by {@link
 * #skippedFiles()}, and another item is drawn in their place.
 */
public final class MaskedPairFolders {

  private static final Logger LOG = LoggerFactory.getLogger(MaskedPairFolders.class);

  /** One augmented image, its mask ({@code [1,S,S]}, 0 or 1) and its class label. */
  public record Item(FloatImage image, FloatImage mask, int label) {}

  private record Entry(Path image, Path mask, int label) {}

  private final List<String> classes;
  private final List<Entry> entries;
  private final List<List<Entry>> pairable;
  private final Augmentation augmentation;
  private final SkippingImageLoader loader;

  private MaskedPairFolders(Builder b) {
    Preconditions.checkState(b.images != null, "set the image and mask roots with roots(...)");
    this.augmentation = b.augmentation;
    this.loader = new SkippingImageLoader(b.alpha);
    this.classes = classFolders(b.images);
    List<Entry> all = new ArrayList<>();
    Map<String, List<Entry>> byName = new LinkedHashMap<>();
    for (int label = 0; label < classes.size(); label++) {
      String klass = classes.get(label);
      List<Path> files = ImageFiles.list(b.images.resolve(klass));
      int unmasked = 0;
      for (Path file : files) {
        Optional<Path> mask = maskOf(b.masks.resolve(klass), file);
        if (mask.isEmpty()) {
          unmasked++;
          continue;
        }
        Entry entry = new Entry(file, mask.get(), label);
        all.add(entry);
        byName.computeIfAbsent(file.getFileName().toString(), k -> new ArrayList<>()).add(entry);
      }
      if (unmasked > 0) {
        LOG.warn(
            "{} of {} images of class {} have no mask in {}; they are left out",
            unmasked,
            files.size(),
            klass,
            b.masks.resolve(klass));
      }
    }
    Preconditions.checkArgument(
        !all.isEmpty(), "no image with a mask under %s (masks under %s)", b.images, b.masks);
    this.entries = List.copyOf(all);
    this.pairable =
        byName.values().stream().filter(group -> group.size() >= 2).map(List::copyOf).toList();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static List<String> classFolders(Path root) {
    Preconditions.checkArgument(
        Files.isDirectory(root), "image root %s does not exist or is not a directory", root);
    List<String> names;
    try (Stream<Path> children = Files.list(root)) {
      names =
          children
              .filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .sorted(Comparator.comparing(s -> s, ImageFiles::compareNatural))
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list class folders of " + root, e);
    }
    Preconditions.checkArgument(
        !names.isEmpty(), "image root %s has no class folders (expected root/<class>/*.jpg)", root);
    return names;
  }

  private static Optional<Path> maskOf(Path maskFolder, Path image) {
    String name = image.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    for (String extension : List.of(".jpg", ".png")) {
      Path mask = maskFolder.resolve(stem + extension);
      if (Files.isRegularFile(mask)) {
        return Optional.of(mask);
      }
    }
    return Optional.empty();
  }

  /** The class folder names, in label order. */
  public List<String> classes() {
    return classes;
  }

  /** Side S of the augmented images. */
  public int imageSize() {
    return augmentation.cropSize();
  }

  /** Images that have a mask. */
  public int size() {
    return entries.size();
  }

  /** File names that occur (with masks) in at least two classes. */
  public int pairableNames() {
    return pairable.size();
  }

  /** Files found unreadable so far (each logged once). */
  public int skippedFiles() {
    return loader.skippedCount();
  }

  /** One image of any class, drawn from {@code random} only. */
  public Item single(Random random) {
    for (int attempt = 0; attempt < attempts(entries.size()); attempt++) {
      Entry entry = entries.get(random.nextInt(entries.size()));
      Optional<Item> item = load(entry, augmentation.draw(random));
      if (item.isPresent()) {
        return item.get();
      }
    }
    throw new DataLoadingException("no readable image-mask pair left under " + describe());
  }

  /**
   * Two corresponding images (same file name) of two different classes, with one shared
   * augmentation draw, drawn from {@code random} only.
   */
  public List<Item> pair(Random random) {
    Preconditions.checkState(
        !pairable.isEmpty(),
        "no file name occurs in two classes under %s, so there are no pairs",
        describe());
    for (int attempt = 0; attempt < attempts(pairable.size()); attempt++) {
      List<Entry> group = pairable.get(random.nextInt(pairable.size()));
      int i = random.nextInt(group.size());
      int j = (i + 1 + random.nextInt(group.size() - 1)) % group.size();
      Augmentation.Params params = augmentation.draw(random);
      Optional<Item> a = load(group.get(i), params);
      Optional<Item> b = a.isPresent() ? load(group.get(j), params) : Optional.empty();
      if (b.isPresent()) {
        return List.of(a.get(), b.get());
      }
    }
    throw new DataLoadingException("no readable corresponding pair left under " + describe());
  }

  /**
   * Draws before giving up on finding a readable item among {@code n}: enough that a few unreadable
   * files are practically never all there is, cheap since known-bad files are not read again.
   */
  private static int attempts(int n) {
    return 8 * n + 8;
  }

  private Optional<Item> load(Entry entry, Augmentation.Params params) {
    Optional<FloatImage> image = loader.load(entry.image());
    Optional<FloatImage> mask = image.isPresent() ? loader.load(entry.mask()) : Optional.empty();
    if (mask.isEmpty()) {
      return Optional.empty();
    }
    FloatImage augmentedMask = augmentation.apply(mask.get(), params);
    return Optional.of(
        new Item(augmentation.apply(image.get(), params), binarise(augmentedMask), entry.label()));
  }

  /** Channel 0 of a [-1, 1] mask picture as 0/1 at the threshold 0.5 (pixel value 128). */
  private static FloatImage binarise(FloatImage mask) {
    int h = mask.height();
    int w = mask.width();
    float[] values = new float[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        values[y * w + x] = mask.get(0, y, x) > 0f ? 1f : 0f;
      }
    }
    return FloatImage.of(1, h, w, values);
  }

  private String describe() {
    return classes.size() + " classes (" + entries.size() + " masked images)";
  }

  /** The image and mask roots, the augmentation and the alpha policy. */
  public static final class Builder {
    private Path images;
    private Path masks;
    private Augmentation augmentation = Augmentation.official();
    private AlphaPolicy alpha = AlphaPolicy.overWhite();

    private Builder() {}

    /** {@code images/<class>/*.jpg} with masks at {@code masks/<class>/<stem>.jpg}. */
    public Builder roots(Path images, Path masks) {
      this.images = Preconditions.checkNotNull(images, "images");
      this.masks = Preconditions.checkNotNull(masks, "masks");
      return this;
    }

    /**
     * The official layout: images in {@code root/split}, masks in {@code <root>_mask/split}, e.g.
     * {@code official(Path.of("data/synImageNet291"), "Train")}.
     */
    public Builder official(Path root, String split) {
      Preconditions.checkNotNull(root, "root");
      Path absolute = root.toAbsolutePath().normalize();
      Path maskRoot = absolute.resolveSibling(absolute.getFileName() + "_mask");
      return roots(absolute.resolve(split), maskRoot.resolve(split));
    }

    public Builder augmentation(Augmentation augmentation) {
      this.augmentation = Preconditions.checkNotNull(augmentation, "augmentation");
      return this;
    }

    public Builder alpha(AlphaPolicy alpha) {
      this.alpha = Preconditions.checkNotNull(alpha, "alpha");
      return this;
    }

    public MaskedPairFolders build() {
      return new MaskedPairFolders(this);
    }
  }
}

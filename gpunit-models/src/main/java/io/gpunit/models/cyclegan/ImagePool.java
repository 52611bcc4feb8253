package io.gpunit.models.cyclegan;

import com.google.common.base.Preconditions;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.training.checkpoint.Checkpoint;
import io.gpunit.models.training.checkpoint.Stateful;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The history of generated images the discriminator is trained on (Shrivastava et al. 2017; the
 * official {@code util/image_pool.py}), image by image:
 *
 * <pre>
 * while the pool holds fewer than {@code capacity}: store the fake, return it
 * otherwise, with p ~ U[0, 1):  p &gt; ½ → return a stored image chosen uniformly and store the fake
 *                                            in its place
 *                               p ≤ ½ → return the fake
 * </pre>
 *
 * Capacity 0 returns the fakes unchanged (no pool). Randomness comes only from the generator passed
 * to {@link #query}, so a resumed run makes the same choices; the stored images are checkpoint
 * state ({@code pool.<name>} [n, C, H, W] and the count {@code gpunit.pool.<name>.size}).
 */
public final class ImagePool implements Stateful {

  private final String name;
  private final int capacity;
  private final List<INDArray> images = new ArrayList<>();

  /**
   * @param name names this pool's checkpoint entries, so several pools can share one file
   */
  public ImagePool(String name, int capacity) {
    Preconditions.checkArgument(
        name != null && !name.isEmpty() && !name.contains(" "), "bad pool name '%s'", name);
    Preconditions.checkArgument(capacity >= 0, "pool capacity must be >= 0, got %s", capacity);
    this.name = name;
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }

  /** The number of images stored. */
  public int size() {
    return images.size();
  }

  /** A copy of stored image {@code i} [1, C, H, W]. */
  public INDArray image(int i) {
    Preconditions.checkElementIndex(i, images.size(), "pool image");
    return images.get(i).dup();
  }

  /** The images [N, C, H, W] to train the discriminator on in place of {@code fakes}. */
  public INDArray query(INDArray fakes, SplitMix64 random) {
    Preconditions.checkArgument(
        fakes.rank() == 4,
        "pool '%s' takes [N, C, H, W] images, got %s",
        name,
        Arrays.toString(fakes.shape()));
    if (capacity == 0) {
      return fakes;
    }
    INDArray[] out = new INDArray[(int) fakes.size(0)];
    for (int i = 0; i < out.length; i++) {
      INDArray image = fakes.get(NDArrayIndex.interval(i, i + 1)).dup('c');
      checkShape(image);
      if (images.size() < capacity) {
        images.add(image);
        out[i] = image;
      } else if (random.nextDouble() > 0.5) {
        int slot = random.nextInt(capacity);
        out[i] = images.get(slot);
        images.set(slot, image);
      } else {
        out[i] = image;
      }
    }
    return Nd4j.concat(0, out);
  }

  private void checkShape(INDArray image) {
    if (!images.isEmpty()) {
      Preconditions.checkArgument(
          Arrays.equals(images.get(0).shape(), image.shape()),
          "pool '%s' holds images of shape %s, got %s",
          name,
          Arrays.toString(images.get(0).shape()),
          Arrays.toString(image.shape()));
    }
  }

  @Override
  public void saveTo(Checkpoint.Builder checkpoint) {
    checkpoint.metadata(sizeKey(), Integer.toString(images.size()));
    if (!images.isEmpty()) {
      checkpoint.tensor(tensorKey(), Nd4j.concat(0, images.toArray(INDArray[]::new)));
    }
  }

  @Override
  public void loadFrom(Checkpoint checkpoint) {
    int size = Integer.parseInt(checkpoint.metadata(sizeKey()));
    Preconditions.checkArgument(
        size >= 0 && size <= capacity,
        "checkpoint pool '%s' holds %s images, the capacity is %s",
        name,
        size,
        capacity);
    List<INDArray> loaded = new ArrayList<>();
    if (size > 0) {
      INDArray stored = checkpoint.tensor(tensorKey());
      Preconditions.checkArgument(
          stored.rank() == 4 && stored.size(0) == size,
          "checkpoint pool '%s' tensor is %s, expected %s images",
          name,
          Arrays.toString(stored.shape()),
          size);
      for (int i = 0; i < size; i++) {
        loaded.add(stored.get(NDArrayIndex.interval(i, i + 1)).dup('c'));
      }
    }
    images.clear();
    images.addAll(loaded);
  }

  private String sizeKey() {
    return "gpunit.pool." + name + ".size";
  }

  private String tensorKey() {
    return "pool." + name;
  }
}

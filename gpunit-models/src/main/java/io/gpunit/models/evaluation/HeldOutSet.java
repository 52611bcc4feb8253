package io.gpunit.models.evaluation;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.synthetic.Latent;
import io.gpunit.core.data.synthetic.Sample;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.image.FloatImage;
import io.gpunit.models.TranslationGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The held-out test set of a synthetic evaluation, with its ground truth: for each latent zᵢ the
 * content image {@code render(zᵢ, A, sᵢ)} a network translates, and the corresponding target {@code
 * render(zᵢ, B, tᵢ)} — the same layout in domain B — with both instance masks. The latents and
 * style seeds are exposed so that a test can build an oracle network that returns exactly the
 * targets.
 *
 * @param source domain A
 * @param target domain B
 * @param latents zᵢ
 * @param contentSeeds sᵢ, the style seeds of the content images
 * @param targetSeeds tᵢ, the style seeds of the targets
 * @param content content images {@code [N,3,S,S]}
 * @param targets targets {@code [N,3,S,S]}
 * @param contentMasks masks of the content images {@code [N,1,S,S]}
 * @param targetMasks masks of the targets {@code [N,1,S,S]}
 */
public record HeldOutSet(
    SyntheticClass source,
    SyntheticClass target,
    List<Latent> latents,
    long[] contentSeeds,
    long[] targetSeeds,
    INDArray content,
    INDArray targets,
    INDArray contentMasks,
    INDArray targetMasks) {

  /**
   * {@code n} latents drawn from {@code Random(seed)}, each followed by its two style seeds, and
   * rendered at the prior's size.
   */
  public static HeldOutSet render(
      SyntheticPrior prior, SyntheticClass source, SyntheticClass target, int n, long seed) {
    Preconditions.checkArgument(n >= 2, "a held-out set needs at least 2 images, got %s", n);
    Random random = new Random(seed);
    List<Latent> latents = new ArrayList<>(n);
    long[] contentSeeds = new long[n];
    long[] targetSeeds = new long[n];
    List<FloatImage> content = new ArrayList<>(n);
    List<FloatImage> targets = new ArrayList<>(n);
    List<FloatImage> contentMasks = new ArrayList<>(n);
    List<FloatImage> targetMasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Latent z = prior.sampleLatent(random);
      latents.add(z);
      contentSeeds[i] = random.nextLong();
      targetSeeds[i] = random.nextLong();
      Sample a = prior.render(z, source, contentSeeds[i]);
      Sample b = prior.render(z, target, targetSeeds[i]);
      content.add(a.image());
      targets.add(b.image());
      contentMasks.add(a.mask());
      targetMasks.add(b.mask());
    }
    return new HeldOutSet(
        source,
        target,
        List.copyOf(latents),
        contentSeeds,
        targetSeeds,
        FloatImage.stack(content),
        FloatImage.stack(targets),
        FloatImage.stack(contentMasks),
        FloatImage.stack(targetMasks));
  }

  public int size() {
    return latents.size();
  }

  /**
   * The sheet to look at beside the scores: the first {@value #GRID_ROWS} content images as rows,
   * translated in the styles of the next {@value #GRID_EXEMPLARS} targets (other latents, so no row
   * is shown its own ground truth) and of {@code samples} sampled styles.
   */
  public TranslationGrid grid(int samples, long seed) {
    Preconditions.checkState(
        size() >= GRID_ROWS + GRID_EXEMPLARS,
        "a translation grid needs %s held-out images, this set has %s",
        GRID_ROWS + GRID_EXEMPLARS,
        size());
    return TranslationGrid.builder()
        .contents(content.get(NDArrayIndex.interval(0, GRID_ROWS)))
        .exemplars(targets.get(NDArrayIndex.interval(GRID_ROWS, GRID_ROWS + GRID_EXEMPLARS)))
        .samples(samples)
        .seed(seed)
        .build();
  }

  /** Content rows of {@link #grid}. */
  public static final int GRID_ROWS = 6;

  /** Exemplar columns of {@link #grid}. */
  public static final int GRID_EXEMPLARS = 3;
}

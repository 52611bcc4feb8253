package io.gpunit.models.evaluation;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.random.SplitMix64;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.models.training.loop.NativeMemoryGuard;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Scores a translation network A → B on the synthetic prior, where the ground truth is known.
 *
 * <p>The {@link HeldOutSet} holds N content images {@code xᵢ = render(zᵢ, A, sᵢ)} and their
 * corresponding targets {@code yᵢ = render(zᵢ, B, tᵢ)}. A multimodal network translates every xᵢ
 * with K styles drawn by {@code sampleStyles} (K = {@code samplesPerContent}), a unimodal one once;
 * the {@link SyntheticJudge} then classifies and segments every output ŷ. Over all outputs:
 *
 * <ul>
 *   <li>{@code content_iou} = mean IoU(mask(ŷ), mask(yᵢ)) — does the output keep the content, i.e.
 *       is it the object the same latent makes in B? The reference is the ground-truth
 *       correspondence, not the source's mask: on the synthetic classes the same z rendered as CAT
 *       and as CAR overlaps only by IoU ≈ 0.40 (DOG–CAR 0.48, CAT–BIRD 0.51, CAT–DOG 0.73 at 64²;
 *       unrelated latents ≈ 0.2), so a faithful translation of a hard pair cannot reach a high IoU
 *       with its source.
 *   <li>{@code source_iou} = mean IoU(mask(ŷ), mask(xᵢ)), printed beside {@code oracle_source_iou}
 *       = mean IoU(mask(yᵢ), mask(xᵢ)), what a perfect translation scores; an output that merely
 *       copies the source shape scores far above it.
 *   <li>{@code domain_accuracy} ({@link DomainAccuracy}): the fraction of ŷ classified as B.
 *   <li>{@code diversity} ({@link Diversity}) over the judge features of each content's K outputs.
 *   <li>{@code kid} ({@link KernelDistance}) and {@code fid} ({@link FrechetDistance}) between the
 *       features of all ŷ and of all yᵢ, in the space of {@link Builder#features} (the judge's
 *       pooled features unless another extractor is given).
 * </ul>
 *
 * Output masks are the judge's (binarised at 0.5), reference masks the prior's exact ones, so a
 * perfect output scores the judge's own segmentation IoU ({@link SyntheticJudge#quality}), not 1.
 * Everything is deterministic from the seed: the held-out set comes from {@code Random(seed)}, the
 * style codes from {@code SplitMix64.derive(seed, "evaluation.styles")}.
 */
public final class Evaluation {

  private final SyntheticClass source;
  private final SyntheticClass target;
  private final long seed;
  private final int samplesPerContent;
  private final int batchSize;
  private final SyntheticJudge judge;
  private final ImageFeatures features;
  private final HeldOutSet heldOut;
  private final NativeMemoryGuard memory;

  private Evaluation(Builder b) {
    this.judge = Objects.requireNonNull(b.judge, "judge");
    this.source = b.source;
    this.target = b.target;
    this.seed = b.seed;
    this.samplesPerContent = b.samplesPerContent;
    this.batchSize = b.batchSize;
    this.features = b.features == null ? judge : b.features;
    this.memory = b.memory != null ? b.memory : NativeMemoryGuard.forTraining();
    int size = b.imageSize == 0 ? judge.imageSize() : b.imageSize;
    Preconditions.checkArgument(
        size == judge.imageSize(),
        "the evaluation renders %s² images but the judge was trained at %s²",
        size,
        judge.imageSize());
    SyntheticPrior prior = SyntheticPrior.builder().size(size).classes(source, target).build();
    this.heldOut = HeldOutSet.render(prior, source, target, b.images, seed);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The held-out contents and their ground-truth targets. */
  public HeldOutSet heldOut() {
    return heldOut;
  }

  public int imageSize() {
    return judge.imageSize();
  }

  /** Scores {@code network} under the name {@code model}. */
  public EvaluationResult evaluate(String model, TranslationNetwork network) {
    Objects.requireNonNull(model, "model");
    Preconditions.checkArgument(
        network.imageSize() == imageSize(),
        "model %s takes %s² images, the evaluation renders %s²",
        model,
        network.imageSize(),
        imageSize());
    int k = network.isMultimodal() ? samplesPerContent : 1;
    SplitMix64 random = SplitMix64.derive(seed, SplitMix64.key("evaluation.styles"));
    int n = heldOut.size();
    double contentIou = 0;
    double sourceIou = 0;
    double accuracy = 0;
    List<INDArray> judgeFeatures = new ArrayList<>(k);
    List<INDArray> outputFeatures = new ArrayList<>(k);
    for (int sample = 0; sample < k; sample++) {
      INDArray styles = network.isMultimodal() ? network.sampleStyles(n, random) : null;
      INDArray outputs = translate(network, styles);
      JudgeOutput seen = judge.judge(outputs);
      memory.check();
      contentIou += MaskIou.mean(seen.masks(), heldOut.targetMasks());
      sourceIou += MaskIou.mean(seen.masks(), heldOut.contentMasks());
      accuracy += DomainAccuracy.of(seen.logits(), SyntheticJudge.classIndex(target));
      judgeFeatures.add(seen.features());
      outputFeatures.add(features == judge ? seen.features() : features.features(outputs));
    }
    INDArray perContent = Nd4j.stack(1, judgeFeatures.toArray(new INDArray[0]));
    INDArray fake = Nd4j.concat(0, outputFeatures.toArray(new INDArray[0]));
    INDArray real = features.features(heldOut.targets());
    return new EvaluationResult(
        model,
        network.architecture(),
        source + "->" + target,
        contentIou / k,
        sourceIou / k,
        MaskIou.mean(heldOut.targetMasks(), heldOut.contentMasks()),
        accuracy / k,
        Diversity.of(perContent),
        KernelDistance.between(fake, real),
        FrechetDistance.between(fake, real));
  }

  private INDArray translate(TranslationNetwork network, INDArray styles) {
    int n = heldOut.size();
    List<INDArray> parts = new ArrayList<>();
    for (int start = 0; start < n; start += batchSize) {
      int end = Math.min(n, start + batchSize);
      INDArray content = heldOut.content().get(NDArrayIndex.interval(start, end));
      INDArray codes = styles == null ? null : styles.get(NDArrayIndex.interval(start, end));
      INDArray out = network.translate(content, codes);
      long[] expected = {end - start, 3, imageSize(), imageSize()};
      Preconditions.checkState(
          Arrays.equals(out.shape(), expected),
          "%s network returned %s for a batch of %s, expected %s",
          network.architecture(),
          Arrays.toString(out.shape()),
          end - start,
          Arrays.toString(expected));
      parts.add(out);
      memory.check();
    }
    return Nd4j.concat(0, parts.toArray(new INDArray[0]));
  }

  /**
   * Defaults: CAT → CAR, seed 0, 100 images, 4 samples per content, batches of 16, the judge's
   * image size and features. The judge is required.
   */
  public static final class Builder {
    private int imageSize;
    private SyntheticClass source = SyntheticClass.CAT;
    private SyntheticClass target = SyntheticClass.CAR;
    private long seed = 0;
    private int images = 100;
    private int samplesPerContent = 4;
    private int batchSize = 16;
    private NativeMemoryGuard memory;
    private SyntheticJudge judge;
    private ImageFeatures features;

    private Builder() {}

    /** Side of the rendered images; must equal the judge's (the default). */
    public Builder imageSize(int value) {
      Preconditions.checkArgument(value > 0, "image size must be positive, got %s", value);
      this.imageSize = value;
      return this;
    }

    /** Domain A → domain B. */
    public Builder classes(SyntheticClass a, SyntheticClass b) {
      Objects.requireNonNull(a, "source class");
      Objects.requireNonNull(b, "target class");
      Preconditions.checkArgument(a != b, "source and target class are both %s", a);
      this.source = a;
      this.target = b;
      return this;
    }

    /** Seed of the held-out set and of the sampled styles. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Number of held-out contents (at least 2). */
    public Builder images(int value) {
      Preconditions.checkArgument(value >= 2, "need at least 2 images, got %s", value);
      this.images = value;
      return this;
    }

    /** Styles sampled per content for multimodal networks (at least 1; 2+ for diversity). */
    public Builder samplesPerContent(int value) {
      Preconditions.checkArgument(value >= 1, "samples per content must be >= 1, got %s", value);
      this.samplesPerContent = value;
      return this;
    }

    /** How many images a network translates per call. */
    public Builder batchSize(int value) {
      Preconditions.checkArgument(value >= 1, "batch size must be >= 1, got %s", value);
      this.batchSize = value;
      return this;
    }

    public Builder judge(SyntheticJudge value) {
      this.judge = value;
      return this;
    }

    /** The feature space of KID and FID, e.g. {@link ExtractorFeatures} over VGG19. */
    /**
     * Collects the dead native arrays of the translations and the judge's passes when memory runs
     * high (default: {@link NativeMemoryGuard#forTraining}).
     */
    public Builder memoryGuard(NativeMemoryGuard value) {
      this.memory = value;
      return this;
    }

    public Builder features(ImageFeatures value) {
      this.features = value;
      return this;
    }

    public Evaluation build() {
      return new Evaluation(this);
    }
  }
}

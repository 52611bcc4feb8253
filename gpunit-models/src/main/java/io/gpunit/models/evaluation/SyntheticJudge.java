package io.gpunit.models.evaluation;

import com.google.common.base.Preconditions;
import io.gpunit.core.data.synthetic.Latent;
import io.gpunit.core.data.synthetic.Sample;
import io.gpunit.core.data.synthetic.SyntheticClass;
import io.gpunit.core.data.synthetic.SyntheticPrior;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.io.AtomicFiles;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.InstanceNorm;
import io.gpunit.core.nn.Linear;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.nn.Upsample;
import io.gpunit.core.weights.SafeTensors;
import io.gpunit.core.weights.SafeTensorsFile;
import io.gpunit.core.weights.SafeTensorsWriter;
import io.gpunit.losses.distillation.DomainClassificationLoss;
import io.gpunit.models.training.optim.Adam;
import io.gpunit.models.training.optim.AdamConfig;
import io.gpunit.models.training.optim.GradientStep;
import io.gpunit.models.training.optim.ParameterGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small CNN that knows the synthetic prior: it tells which class a render shows and where the
 * object is, the referee of the synthetic evaluation (what an ImageNet classifier and a
 * segmentation network are to an evaluation on real photos).
 *
 * <pre>
 *   h₁ = ReLU(conv3×3(x))                 w channels,  S
 *   h₂ = ReLU(IN(conv3×3/2(h₁)))          2w,          S/2
 *   h₃ = ReLU(IN(conv3×3/2(h₂)))          4w,          S/4
 *   h₄ = ReLU(IN(conv3×3/2(h₃)))          4w,          S/8
 *   f  = [mean_{i,j} h₄, max_{i,j} h₄]   the pooled feature vector (FID/KID, diversity)
 *   class logits = Linear(f)              one per SyntheticClass, then "none of them" ({@link #NONE})
 *   mask logits  = conv1×1(ReLU(conv3×3([h₁, ↑2 h₂, ↑4 h₃])))   (↑k: nearest upsampling)
 * </pre>
 *
 * Trained on fresh renders of every class (uniform class, latent and style seed from {@code
 * Random(seed)}), a share of them softened and a share blurred into blobs labelled "none" ({@link
 * RenderDegradation}), so that the judge names the class of a soft translation rather than its
 * sharpness and names none for a shapeless one; with Adam on {@code CE(class) + BCE(mask)};
 * instance normalisation (IN) has no running statistics, so training and inference are the same
 * graph. Deterministic from its {@link JudgeConfig}; saved as safetensors (variables {@code
 * judge.*}, the config as metadata).
 */
public final class SyntheticJudge implements ImageFeatures {

  /** Metadata key marking a judge file, with {@link #FORMAT} as value. */
  public static final String FORMAT_KEY = "gpunit.judge";

  /**
   * v3: trained on softened renders and on blobs ({@link RenderDegradation}), with a "none of the
   * classes" output.
   */
  public static final String FORMAT = "synthetic-judge-v3";

  /** The image side of the judge that ships with the library. */
  public static final int BUNDLED_SIZE = 64;

  /** How many held-out renders {@link #quality} is reported on by the tools. */
  public static final int QUALITY_IMAGES = 400;

  /** The seed of those renders (the judge trains from its config's seed, 0 by default). */
  private static final long QUALITY_SEED = 0x5EED_0F_7E57L;

  private static final String BUNDLED_RESOURCE = "synthetic-judge-64.safetensors";
  private static final String PREFIX = "judge";
  private static final String IMAGES = "images";
  private static final String LABELS = "labels";
  private static final String MASKS = "masks";
  private static final String LOGITS = "logits";
  private static final String MASK_PROBABILITIES = "mask_probabilities";
  private static final String FEATURES = "features";
  private static final String LOSS = "loss";
  private static final int INFERENCE_BATCH = 64;

  /** The class logit of "none of the classes", after one per {@link SyntheticClass}. */
  public static final int NONE = SyntheticClass.values().length;

  private static final int OUTPUTS = NONE + 1;

  private final JudgeConfig config;
  private final SameDiff sd;
  private final Scope root;

  private SyntheticJudge(JudgeConfig config) {
    this.config = config;
    this.sd = SameDiff.create();
    this.root = Scope.root(sd, Mode.TRAINING, config.seed());
    build();
  }

  /** A judge trained from scratch as {@code config} says. */
  public static SyntheticJudge train(JudgeConfig config) {
    SyntheticJudge judge = new SyntheticJudge(config);
    judge.fit();
    return judge;
  }

  /**
   * The judge in {@code file} if it exists and was trained with {@code config}; otherwise a judge
   * trained now and written (atomically) to {@code file}, so demos and evaluations share one.
   */
  public static SyntheticJudge trainOrLoad(Path file, JudgeConfig config) {
    if (Files.isRegularFile(file)) {
      SafeTensorsFile stored = SafeTensors.read(file);
      if (FORMAT.equals(stored.metadata().get(FORMAT_KEY))
          && config.equals(JudgeConfig.fromMetadata(stored.metadata(), file.toString()))) {
        return fromFile(stored);
      }
    }
    SyntheticJudge judge = train(config);
    judge.save(file);
    return judge;
  }

  /**
   * The judge that ships with the library: {@link JudgeConfig#bundled()} at {@value
   * #BUNDLED_SIZE}², trained by {@code io.gpunit.examples.evaluation.TrainBundledJudge}. It makes
   * every 64² evaluation use the same referee and saves each one the judge's training.
   */
  public static SyntheticJudge bundled() {
    try (InputStream in = SyntheticJudge.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      Preconditions.checkState(
          in != null, "the bundled judge %s is missing from the classpath", BUNDLED_RESOURCE);
      return fromFile(SafeTensors.read(in, BUNDLED_RESOURCE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled judge " + BUNDLED_RESOURCE, e);
    }
  }

  /**
   * The judge for {@code imageSize}² images: the {@link #bundled()} one at {@value #BUNDLED_SIZE}²,
   * otherwise the default config's judge cached in {@code cacheDir} as {@code
   * synthetic-judge-<size>.safetensors} (trained on first use).
   */
  public static SyntheticJudge forImageSize(int imageSize, Path cacheDir) {
    if (imageSize == BUNDLED_SIZE) {
      return bundled();
    }
    return trainOrLoad(
        cacheDir.resolve("synthetic-judge-" + imageSize + ".safetensors"),
        JudgeConfig.builder().imageSize(imageSize).build());
  }

  /** The judge saved in {@code file}. */
  public static SyntheticJudge load(Path file) {
    Preconditions.checkArgument(Files.isRegularFile(file), "%s: no such judge file", file);
    return fromFile(SafeTensors.read(file));
  }

  private static SyntheticJudge fromFile(SafeTensorsFile file) {
    String name = file.description();
    Preconditions.checkArgument(
        FORMAT.equals(file.metadata().get(FORMAT_KEY)),
        "%s is not a synthetic judge file (metadata %s is not '%s')",
        name,
        FORMAT_KEY,
        FORMAT);
    SyntheticJudge judge = new SyntheticJudge(JudgeConfig.fromMetadata(file.metadata(), name));
    for (Map.Entry<String, INDArray> e : judge.parameters().arrays().entrySet()) {
      Preconditions.checkArgument(
          file.contains(e.getKey()), "judge file %s lacks tensor '%s'", name, e.getKey());
      INDArray stored = file.getAsFloat(e.getKey());
      Preconditions.checkArgument(
          Arrays.equals(stored.shape(), e.getValue().shape()),
          "judge file %s: '%s' has shape %s, expected %s",
          name,
          e.getKey(),
          Arrays.toString(stored.shape()),
          Arrays.toString(e.getValue().shape()));
      e.getValue().assign(stored);
    }
    return judge;
  }

  /** Writes the parameters and the config to {@code file}, atomically. */
  public void save(Path file) {
    SafeTensorsWriter writer = SafeTensors.writer().metadata(FORMAT_KEY, FORMAT);
    config.toMetadata().forEach(writer::metadata);
    parameters().arrays().forEach(writer::add);
    try {
      AtomicFiles.write(file, writer::writeTo);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write judge file " + file, e);
    }
  }

  public JudgeConfig config() {
    return config;
  }

  public int imageSize() {
    return config.imageSize();
  }

  /** The row of {@code klass} in {@link JudgeOutput#logits()}. */
  public static int classIndex(SyntheticClass klass) {
    return klass.ordinal();
  }

  /**
   * The class logits [N, {@value #NONE} + 1] (the last is "none of the classes"), object masks and
   * features of {@code images} [N,3,S,S] in [-1, 1].
   */
  public JudgeOutput judge(INDArray images) {
    checkImages(images);
    List<INDArray> logits = new ArrayList<>();
    List<INDArray> masks = new ArrayList<>();
    List<INDArray> features = new ArrayList<>();
    long n = images.size(0);
    for (long start = 0; start < n; start += INFERENCE_BATCH) {
      INDArray chunk =
          images
              .get(
                  org.nd4j.linalg.indexing.NDArrayIndex.interval(
                      start, Math.min(n, start + INFERENCE_BATCH)))
              .castTo(DataType.FLOAT);
      Map<String, INDArray> out =
          Inference.output(sd, Map.of(IMAGES, chunk), LOGITS, MASK_PROBABILITIES, FEATURES);
      logits.add(out.get(LOGITS));
      masks.add(out.get(MASK_PROBABILITIES));
      features.add(out.get(FEATURES));
    }
    return new JudgeOutput(concat(logits), concat(masks), concat(features));
  }

  @Override
  public INDArray features(INDArray images) {
    return judge(images).features();
  }

  /**
   * The quality the tools report beside their results: {@link #quality(int, long)} on {@value
   * #QUALITY_IMAGES} renders of a fixed seed apart from the training renders.
   */
  public JudgeQuality quality() {
    return quality(QUALITY_IMAGES, QUALITY_SEED);
  }

  /** Accuracy and mask IoU on {@code images} renders drawn from {@code seed} (all classes). */
  public JudgeQuality quality(int images, long seed) {
    Preconditions.checkArgument(images > 0, "need at least one image, got %s", images);
    Batch batch = renders(new Random(seed), images, RenderDegradation.none());
    JudgeOutput out = judge(batch.images);
    double[][] logits = out.logits().castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] labels = batch.labels.toDoubleMatrix();
    int hits = 0;
    for (int i = 0; i < images; i++) {
      hits += labels[i][argmax(logits[i])] == 1 ? 1 : 0;
    }
    return new JudgeQuality((double) hits / images, MaskIou.mean(out.masks(), batch.masks));
  }

  private void build() {
    int s = config.imageSize();
    int w = config.width();
    Scope scope = root.child(PREFIX);
    SDVariable x = sd.placeHolder(IMAGES, DataType.FLOAT, -1, 3, s, s);
    Activation relu = Activation.relu();
    SDVariable h1 = relu.apply(conv(3, w, 3, 1).apply(scope.child("conv1"), x));
    SDVariable h2 = block(scope.child("conv2"), h1, w, 2 * w);
    SDVariable h3 = block(scope.child("conv3"), h2, 2 * w, 4 * w);
    SDVariable h4 = block(scope.child("conv4"), h3, 4 * w, 4 * w);
    // Max as well as mean: the mean of an instance-normalised map says little about the image.
    SDVariable features = sd.concat(FEATURES, 1, h4.mean(2, 3), h4.max(2, 3));
    SDVariable logits =
        sd.identity(
            LOGITS, Linear.builder(8 * w, OUTPUTS).build().apply(scope.child("fc"), features));
    SDVariable stacked =
        sd.concat(1, h1, Upsample.nearest(2).apply(h2), Upsample.nearest(4).apply(h3));
    SDVariable mixed = relu.apply(conv(7 * w, w, 3, 1).apply(scope.child("mask1"), stacked));
    SDVariable maskLogits = conv(w, 1, 1, 1).apply(scope.child("mask2"), mixed);
    sd.nn().sigmoid(MASK_PROBABILITIES, maskLogits);

    SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, -1, OUTPUTS);
    SDVariable masks = sd.placeHolder(MASKS, DataType.FLOAT, -1, 1, s, s);
    // CE = −mean_n Σ_c y log softmax(l);  BCE with logits = mean(softplus(z) − m·z).
    SDVariable ce = DomainClassificationLoss.builder().build().apply(sd, logits, labels);
    SDVariable bce = sd.nn().softplus(maskLogits).sub(masks.mul(maskLogits)).mean();
    sd.identity(LOSS, ce.add(bce));
  }

  /** conv3×3 stride 2 → InstanceNorm → ReLU: normalised blocks train in few steps. */
  private static SDVariable block(Scope scope, SDVariable x, int in, int out) {
    SDVariable y = conv(in, out, 3, 2).apply(scope.child("conv"), x);
    y = InstanceNorm.builder(out).affine(true).build().apply(scope.child("norm"), y);
    return Activation.relu().apply(y);
  }

  private static Conv2d conv(int in, int out, int kernel, int stride) {
    return Conv2d.builder(in, out, kernel).stride(stride).padding(kernel / 2).build();
  }

  private ParameterGroup parameters() {
    return ParameterGroup.withPrefix(root, PREFIX + ".");
  }

  private void fit() {
    if (config.steps() == 0) {
      return;
    }
    Adam adam =
        new Adam(PREFIX, AdamConfig.builder().lr(config.learningRate()).build(), parameters());
    GradientStep step = GradientStep.builder().optimizer(adam).loss(LOSS).build();
    Random random = new Random(config.seed());
    RenderDegradation degradation = RenderDegradation.of(config);
    for (int i = 0; i < config.steps(); i++) {
      Batch batch = renders(random, config.batchSize(), degradation);
      step.run(Map.of(IMAGES, batch.images, LABELS, batch.labels, MASKS, batch.masks));
    }
  }

  private record Batch(INDArray images, INDArray labels, INDArray masks) {}

  /** {@code n} renders of uniformly drawn classes, latents and styles, passed through {@code d}. */
  private Batch renders(Random random, int n, RenderDegradation d) {
    SyntheticPrior prior = SyntheticPrior.builder().size(config.imageSize()).build();
    SyntheticClass[] classes = SyntheticClass.values();
    List<FloatImage> images = new ArrayList<>(n);
    List<FloatImage> masks = new ArrayList<>(n);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, n, OUTPUTS);
    for (int i = 0; i < n; i++) {
      SyntheticClass klass = classes[random.nextInt(classes.length)];
      Latent z = prior.sampleLatent(random);
      Sample sample = prior.render(z, klass, random.nextLong());
      RenderDegradation.Result degraded = d.apply(sample.image(), random);
      images.add(degraded.image());
      masks.add(sample.mask());
      labels.putScalar(i, degraded.recognisable() ? classIndex(klass) : NONE, 1f);
    }
    return new Batch(FloatImage.stack(images), labels, FloatImage.stack(masks));
  }

  private void checkImages(INDArray images) {
    int s = config.imageSize();
    Preconditions.checkArgument(
        images.rank() == 4 && images.size(1) == 3 && images.size(2) == s && images.size(3) == s,
        "the judge takes images [N,3,%s,%s], got %s",
        s,
        s,
        Arrays.toString(images.shape()));
  }

  private static INDArray concat(List<INDArray> parts) {
    return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
  }

  private static int argmax(double[] row) {
    int best = 0;
    for (int c = 1; c < row.length; c++) {
      if (row[c] > row[best]) {
        best = c;
      }
    }
    return best;
  }
}

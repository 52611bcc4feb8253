package io.gpunit.models.gpunit.stage1;

import static io.gpunit.core.nn.BatchRows.rows;

import com.google.common.base.Preconditions;
import io.gpunit.core.image.Flip;
import io.gpunit.core.image.ImageGrid;
import io.gpunit.core.image.Resize;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Init;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.distillation.ContentNormRegularizer;
import io.gpunit.losses.distillation.DomainClassificationLoss;
import io.gpunit.losses.distillation.FeatureDistanceLoss;
import io.gpunit.losses.distillation.ShapeReconstructionLoss;
import io.gpunit.losses.objective.Objective;
import io.gpunit.losses.perceptual.FeatureExtractor;
import io.gpunit.losses.reconstruction.MseLoss;
import io.gpunit.models.gpunit.ContentEncoder;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.FeatureStatistics;
import io.gpunit.models.gpunit.PerceptualTerm;
import io.gpunit.models.training.RandomConvFeatures;
import io.gpunit.models.training.TrainingRun;
import io.gpunit.models.training.checkpoint.ConfigJson;
import io.gpunit.models.training.checkpoint.GraphVariables;
import io.gpunit.models.training.loop.LossHistory;
import io.gpunit.models.training.loop.SampleGridListener;
import io.gpunit.models.training.loop.TrainingLoop;
import io.gpunit.models.training.loop.TrainingSchedule;
import io.gpunit.models.training.loop.TrainingStep;
import io.gpunit.models.training.optim.Adam;
import io.gpunit.models.training.optim.GradientStep;
import io.gpunit.models.training.optim.ParameterGroup;
import io.gpunit.models.training.random.RandomArrays;
import io.gpunit.models.training.random.TrainingRandom;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GP-UNIT stage 1, prior distillation (Yang et al. 2022, §3.2; the official {@code
 * prior_distillation.py}): trains the {@link PriorAutoEncoder} whose content encoder E<sub>c</sub>
 * becomes the frozen content extractor of stage 2.
 *
 * <p>A batch holds B unpaired images x and B content-corresponding pairs (x<sub>a</sub>,
 * x<sub>b</sub>) — one latent rendered in two classes — with their shape masks M and class labels
 * l; the 3B images are encoded together. With c = E<sub>c</sub>(x), z = c + ε (ε ~ N(0, 0.2²)), s
 * the style statistics of the (with probability ½ horizontally flipped) images and y the label
 * embedding:
 *
 * <pre>
 *   x̂, M̂ = G(z, s, y)                                  reconstruction
 *   M̃   = G([z_b; z_a], s_ab, y_ab) (mask head)          content swapped within each pair
 *   L_arec  = λ_app·(‖x̂ − x‖² + λ_perc·L_perc(x̂, x))     (λ_app 1)
 *   L_srec  = λ_srec·|M̂ − M|₁                              (λ 5; masks at (2·code)² = 16²)
 *   L_fdist = λ_fdist·|c_a − sg(c_b)|₁                     (λ 1)
 *   L_sdist = λ_sdist·|M̃ − M_ab|₁                          (λ 5)
 *   L_reg   = λ_reg·‖c‖₂ + λ_cls·CE(C(GRL(c)), l)          (λ_reg 0.001, λ_cls 1)
 * </pre>
 *
 * optimised by one Adam (lr 2e-4, betas (0.9, 0.999)) over every parameter of the auto-encoder. The
 * reported terms are the weighted values {@code mse, perc, srec, fdist, sdist, norm, cls} (the
 * official script prints {@code arec = mse + perc} and {@code reg = norm + cls}).
 *
 * <p>Differences from the official script, all for small CPU runs: the code size is configurable
 * ({@link PriorDistillationTrainerConfig.Builder#codeSize}, official 8), the decoder outputs
 * (32·code)² images (256² officially), so for smaller data the reconstruction is average-pooled to
 * the data's size before the image losses (the identity when they agree); the perceptual term uses
 * any {@link FeatureExtractor} (default: {@link RandomConvFeatures}, since the VGG19 weights cannot
 * be downloaded; pass {@code Vgg19Features} when they are available, or set λ_perc = 0 to drop it);
 * a term whose weight is 0 is not built at all.
 *
 * <p>All randomness (data, flip, noise) is drawn per step from {@link TrainingRandom#forStep}, so
 * {@link #resume()} continues a run exactly.
 */
public final class PriorDistillationTrainer implements TrainingStep {

  private static final String CONTENT_PREFIX = "contentE.";

  private final PriorDistillationTrainerConfig config;
  private final PairBatchSource data;
  private final PriorAutoEncoderConfig aeConfig;
  private final Scope root;
  private final GradientStep gradientStep;
  private final List<String> placeholders = new ArrayList<>();
  private final TrainingRun run;
  private final String imageOutput;
  private final String maskOutput;
  private final String translatedMaskOutput;
  private StageOneVisuals visuals;
  private Scope contentGraph;

  private PriorDistillationTrainer(Builder b) {
    this.config = Objects.requireNonNull(b.config, "config");
    this.data = Objects.requireNonNull(b.data, "data");
    Objects.requireNonNull(b.checkpoint, "checkpoint");
    FeatureExtractor extractor = PerceptualTerm.extractorOrDefault(b.perceptual);
    this.aeConfig =
        PriorAutoEncoderConfig.builder()
            .nf(config.nf())
            .classes(data.classes())
            .noise(config.noise())
            .codeSize(config.codeSize())
            .build();
    this.root = Scope.root(SameDiff.create(), Mode.TRAINING, config.seed());
    Graph graph = buildGraph(extractor);
    this.imageOutput = graph.image;
    this.maskOutput = graph.mask;
    this.translatedMaskOutput = graph.translatedMask;
    Adam adam = new Adam("ae", config.adam(), ParameterGroup.withPrefix(root, ""));
    this.gradientStep =
        GradientStep.builder()
            .optimizer(adam)
            .objective(graph.objective)
            .bufferUpdates(root.bufferUpdates())
            .output(imageOutput, maskOutput, translatedMaskOutput)
            .build();
    this.run =
        TrainingRun.builder()
            .config(
                ConfigJson.of(config)
                    .with("perceptual", extractor.toString())
                    .with("data", data.toString())
                    .with("classes", data.classes()),
                config.seed())
            .checkpoint(b.checkpoint)
            .ownBatches(config.batchSize(), data.imageSize())
            .part(GraphVariables.withPrefix(root, ""))
            .part(adam)
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public PriorDistillationTrainerConfig config() {
    return config;
  }

  /**
   * The side R the content encoder resizes its input to, 32 · {@link
   * PriorDistillationTrainerConfig#codeSize()}: stage 2 ({@link
   * io.gpunit.models.gpunit.stage2.GpUnitTrainerBuilder#contentEncoder}) and the saved model must
   * use it too.
   */
  public int contentResolution() {
    return aeConfig.contentEncoder().resolution();
  }

  /** Data, randomness, history and checkpoint. */
  public TrainingRun trainingRun() {
    return run;
  }

  public LossHistory history() {
    return run.history();
  }

  /** Restores the stored checkpoint; returns the step to continue from. */
  public long resume() {
    return run.resume();
  }

  /** A loop over this trainer with its history and checkpoints; add listeners and a stop signal. */
  public TrainingLoop.Builder loop(TrainingSchedule schedule) {
    return run.loop(this, schedule);
  }

  @Override
  public Map<String, Double> run(long step) {
    int b = config.batchSize();
    PairBatch batch = data.batch(b, run.random(step, "data"));
    Preconditions.checkState(
        batch.images().size(0) == 3L * b && batch.images().size(2) == data.imageSize(),
        "the batch source returned %s, expected [%s, 3, %s, %s]",
        Arrays.toString(batch.images().shape()),
        3 * b,
        data.imageSize(),
        data.imageSize());
    boolean flip = run.random(step, "flip").nextBoolean(config.flipProbability());
    INDArray images = batch.images().castTo(DataType.FLOAT);
    int n = 3 * b;
    int code = aeConfig.codeSize();
    Map<String, INDArray> feed = new LinkedHashMap<>();
    feed.put("images", images);
    int r = aeConfig.contentEncoder().resolution();
    feed.put("content_images", r == data.imageSize() ? images : Resize.bilinear(images, r, r));
    feed.put("style_images", flip ? Flip.horizontally(images) : images);
    feed.put("masks", maskTargets(batch.masks()));
    feed.put("labels_onehot", batch.oneHotLabels(data.classes()));
    feed.put(
        "noise",
        RandomArrays.gaussian(
                run.random(step, "noise"),
                DataType.FLOAT,
                n,
                aeConfig.contentEncoder().contentChannels(),
                code,
                code)
            .muli(config.noise()));
    feed.keySet().retainAll(placeholders);
    GradientStep.Result result = gradientStep.run(feed);
    Map<String, INDArray> out = result.outputs();
    visuals =
        new StageOneVisuals(
            images,
            feed.get("masks"),
            out.get(imageOutput),
            out.get(maskOutput),
            out.get(translatedMaskOutput));
    return result.losses();
  }

  /**
   * The content codes E<sub>c</sub>(x) [N, C, code, code] of images [N, 3, S, S] in [-1, 1],
   * computed in inference mode (stored spectral-norm vectors) with the current weights.
   */
  public INDArray contentCode(INDArray images) {
    if (contentGraph == null) {
      contentGraph = Scope.root(SameDiff.create(), Mode.INFERENCE, config.seed());
      int r = aeConfig.contentEncoder().resolution();
      SDVariable x = contentGraph.sd().placeHolder("x", DataType.FLOAT, -1, 3, r, r);
      new ContentEncoder(aeConfig.contentEncoder())
          .apply(contentGraph.child("contentE"), x)
          .code()
          .rename("code");
    }
    SameDiff sd = contentGraph.sd();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE) {
        v.getArr().assign(root.sd().getArrForVarName(v.name()));
      }
    }
    int r = aeConfig.contentEncoder().resolution();
    INDArray x = images.castTo(DataType.FLOAT);
    if (x.size(2) != r || x.size(3) != r) {
      x = Resize.bilinear(x, r, r);
    }
    return Inference.output(sd, Map.of("x", x), "code").get("code");
  }

  /** The content encoder with the resolution stage 2 must run it at; {@code write} saves it. */
  public ContentEncoderFile contentEncoder() {
    return new ContentEncoderFile(contentEncoderWeights(), contentResolution());
  }

  /**
   * The content encoder's weights and buffers under the official {@code content_encoder.pt} names
   * ({@code layer1.0.conv.weight_orig}, ...), copies.
   */
  public Map<String, INDArray> contentEncoderWeights() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (String name : GraphVariables.withPrefix(root, CONTENT_PREFIX).names()) {
      out.put(name.substring(CONTENT_PREFIX.length()), root.sd().getArrForVarName(name).dup());
    }
    return out;
  }

  /**
   * A listener writing preview grids of the latest step to {@code directory}: per group (unpaired,
   * side a, side b) a row of images, masks, reconstructions and predicted masks for up to 4
   * samples, then the masks decoded from the swapped contents of sides a and b.
   */
  public SampleGridListener previewListener(Path directory) {
    return new SampleGridListener(
        directory,
        ImageGrid.builder().margin(2).build(),
        step -> {
          Preconditions.checkState(visuals != null, "no step has run yet: nothing to preview");
          return visuals.rows(config.batchSize(), data.imageSize());
        });
  }

  private record Graph(Objective objective, String image, String mask, String translatedMask) {}

  private Graph buildGraph(FeatureExtractor extractor) {
    SameDiff sd = root.sd();
    PriorAutoEncoder ae = new PriorAutoEncoder(aeConfig);
    int b = config.batchSize();
    int n = 3 * b;
    int s = data.imageSize();
    int k = data.classes();
    int code = aeConfig.codeSize();
    int channels = aeConfig.contentEncoder().contentChannels();
    SDVariable images = placeholder("images", DataType.FLOAT, n, 3, s, s);
    SDVariable styleImages = placeholder("style_images", DataType.FLOAT, n, 3, s, s);
    SDVariable masks = placeholder("masks", DataType.FLOAT, n, 3, maskSize(), maskSize());
    SDVariable onehot = placeholder("labels_onehot", DataType.FLOAT, n, k);
    SDVariable noise = placeholder("noise", DataType.FLOAT, n, channels, code, code);

    // The content encoder's own bilinear resize cannot be in a graph that is differentiated
    // (ND4J M2.1 fails building the gradient of resize_bilinear), so its input is resized in Java
    // with the same PyTorch-exact bilinear filter and fed at the encoder's resolution.
    int r = aeConfig.contentEncoder().resolution();
    SDVariable contentImages = placeholder("content_images", DataType.FLOAT, n, 3, r, r);
    SDVariable content = ae.encodeContent(root, contentImages).code();
    SDVariable noisy = content.add(noise);
    List<FeatureStatistics> styles = ae.encodeStyle(root, styleImages);
    // The embedding PriorAutoEncoder.embed creates (same name, same N(0, 1) init), looked up as
    // onehot · table: ND4J M2.1's gather gradient fails for some label sets (e.g. [0, 3, 0]:
    // "assign
    // ... did not match expected shape"), and the product is exact (one 1 per row).
    SDVariable table =
        root.child("embed")
            .param("weight", new long[] {k, aeConfig.domainStyleDim()}, Init.normal(1));
    SDVariable domain = onehot.mmul(table);
    PriorDecoder.Output rec = ae.decode(root, noisy, styles, domain);
    SDVariable recon =
        PriorDecoder.poolTo(rec.image(), aeConfig.codeSize() * 32, s).rename("recon_image");
    SDVariable reconMask = sd.identity("recon_mask", rec.mask());

    Objective.Builder objective = Objective.builder(sd);
    if (config.lambdaAppRec() > 0) {
      objective.add(
          "mse", config.lambdaAppRec(), MseLoss.builder().build().apply(sd, recon, images));
      if (config.lambdaPerceptual() > 0) {
        SDVariable term =
            PerceptualTerm.loss(extractor).apply(root.child("perceptual"), recon, images);
        objective.add("perc", config.lambdaAppRec() * config.lambdaPerceptual(), term);
      }
    }
    if (config.lambdaShapeRec() > 0) {
      objective.add(
          "srec",
          config.lambdaShapeRec(),
          ShapeReconstructionLoss.builder().name("srec").build().apply(sd, reconMask, masks));
    }
    if (config.lambdaFeatDist() > 0) {
      objective.add(
          "fdist",
          config.lambdaFeatDist(),
          FeatureDistanceLoss.builder()
              .build()
              .apply(sd, rows(content, 4, b, 2 * b), rows(content, 4, 2 * b, 3 * b)));
    }
    // Content swapped within each pair (a gets b's content and vice versa), decoded with the
    // pair's own styles; only the mask head is compared.
    List<FeatureStatistics> pairStyles = new ArrayList<>();
    for (FeatureStatistics st : styles) {
      pairStyles.add(
          new FeatureStatistics(rows(st.mean(), 4, b, 3 * b), rows(st.std(), 4, b, 3 * b)));
    }
    SDVariable swapped = sd.concat(0, rows(noisy, 4, 2 * b, 3 * b), rows(noisy, 4, b, 2 * b));
    SDVariable translatedMask =
        sd.identity(
            "translated_mask",
            ae.decode(root, swapped, pairStyles, rows(domain, 2, b, 3 * b)).mask());
    if (config.lambdaShapeDist() > 0) {
      objective.add(
          "sdist",
          config.lambdaShapeDist(),
          ShapeReconstructionLoss.builder()
              .name("sdist")
              .build()
              .apply(sd, translatedMask, rows(masks, 4, b, 3 * b)));
    }
    if (config.lambdaReg() > 0) {
      objective.add(
          "norm", config.lambdaReg(), ContentNormRegularizer.builder().build().apply(sd, content));
    }
    if (config.lambdaClass() > 0) {
      objective.add(
          "cls",
          config.lambdaClass(),
          DomainClassificationLoss.builder().build().apply(sd, ae.classify(root, content), onehot));
    }
    return new Graph(
        objective.build("loss"), recon.name(), reconMask.name(), translatedMask.name());
  }

  private SDVariable placeholder(String name, DataType type, long... shape) {
    placeholders.add(name);
    return root.sd().placeHolder(name, type, shape);
  }

  /** The shape head's output side: twice the code's (16² officially). */
  private int maskSize() {
    return 2 * aeConfig.codeSize();
  }

  /**
   * Masks {0, 1} [N, 1, S, S] → the decoder's targets: 2m − 1 on 3 channels, bilinear to the shape
   * head's size.
   */
  private INDArray maskTargets(INDArray masks) {
    INDArray signed = masks.castTo(DataType.FLOAT).mul(2).subi(1);
    INDArray rgb = Nd4j.concat(1, signed, signed, signed);
    return Resize.bilinear(rgb, maskSize(), maskSize());
  }

  /** Builds a {@link PriorDistillationTrainer}; config, data and checkpoint are required. */
  public static final class Builder {
    private PriorDistillationTrainerConfig config;
    private PairBatchSource data;
    private FeatureExtractor perceptual;
    private Path checkpoint;

    private Builder() {}

    public Builder config(PriorDistillationTrainerConfig config) {
      this.config = config;
      return this;
    }

    public Builder data(PairBatchSource data) {
      this.data = data;
      return this;
    }

    /** The perceptual feature extractor; default {@code RandomConvFeatures.withWidth(16)}. */
    public Builder perceptual(FeatureExtractor extractor) {
      this.perceptual = extractor;
      return this;
    }

    /** The checkpoint file (written by the loop, read by {@link #resume()}). */
    public Builder checkpoint(Path file) {
      this.checkpoint = file;
      return this;
    }

    public PriorDistillationTrainer build() {
      return new PriorDistillationTrainer(this);
    }
  }
}

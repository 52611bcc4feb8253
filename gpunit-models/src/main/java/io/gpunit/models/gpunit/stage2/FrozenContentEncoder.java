package io.gpunit.models.gpunit.stage2;

import com.google.common.base.Preconditions;
import io.gpunit.core.image.Resize;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.models.gpunit.ContentEncoder;
import io.gpunit.models.gpunit.ContentEncoderConfig;
import io.gpunit.models.gpunit.ContentEncoderFile;
import io.gpunit.models.gpunit.ContentFeatures;
import io.gpunit.models.gpunit.GpUnitConfig;
import io.gpunit.models.gpunit.SpectralNormVectors;
import io.gpunit.models.training.checkpoint.Stateful;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Stage 2's E<sub>c</sub>: the stage-1 content encoder, frozen, at its resolution R. It gives the
 * content features the generator reads (c3, c4 and the code c6) of a step's x and y, and, with the
 * content term on, λ_con·|E_c(ŷ) − c6_x|₁ and its gradient with respect to ŷ ({@link
 * ContentLossGradient}).
 *
 * <p>With {@code iterateVectors} (the official recipe), its spectral-norm vectors take one power
 * iteration before each of {@code train.py}'s three calls (netEC(x), netEC(y), netEC(ŷ)), as the
 * official encoder, never put in eval mode, does; they are then a checkpoint part. Otherwise the
 * stored vectors are used as they are, and x and y go through one call.
 */
final class FrozenContentEncoder {

  /** The content features the generator reads: c6 (the code), c4 and c3. */
  static final int[] USED_FEATURES = {3, 4, 6};

  private static final String IMAGES = "images";
  private static final String PREFIX = GpUnitConfig.CONTENT_ENCODER + ".";

  private final ContentEncoderConfig config;
  private final Map<String, INDArray> weights;
  private final SpectralNormVectors vectors;
  private final SameDiff features;
  private final ContentLossGradient contentLoss;
  private final int batch;

  /**
   * @param file the weights and R
   * @param iterateVectors whether the spectral-norm vectors move at each call (official recipe)
   * @param batch N, the images per domain of a step
   * @param size S, the side of the training images (and of ŷ)
   * @param lambdaContent λ_con; 0 builds no content term
   */
  FrozenContentEncoder(
      ContentEncoderFile file, boolean iterateVectors, int batch, int size, double lambdaContent) {
    this.weights = new TreeMap<>();
    file.weights().forEach((k, v) -> weights.put(k, v.castTo(DataType.FLOAT).dup()));
    this.config = inferConfig(weights, file.resolution());
    this.batch = batch;
    this.vectors = iterateVectors ? new SpectralNormVectors(weights, PREFIX) : null;
    this.features = featureGraph();
    this.contentLoss =
        lambdaContent > 0
            ? new ContentLossGradient(config, weights, batch, size, lambdaContent)
            : null;
  }

  /** The widths, inferred from the weights' shapes, and R. */
  ContentEncoderConfig config() {
    return config;
  }

  /** The iterated spectral-norm vectors, a checkpoint part (only with iterated vectors). */
  Optional<Stateful> checkpointPart() {
    return Optional.ofNullable(vectors);
  }

  /**
   * The features of content x and target y, keyed {@code x.c3 … y.c6} (the generator graph's
   * placeholders), each [N, C_k, side, side].
   */
  Map<String, INDArray> encode(INDArray x, INDArray y) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    if (vectors == null) {
      Map<String, INDArray> both = features(Nd4j.concat(0, x, y));
      for (int k : USED_FEATURES) {
        INDArray c = both.get("c" + k);
        out.put("x.c" + k, c.get(NDArrayIndex.interval(0, batch)).dup());
        out.put("y.c" + k, c.get(NDArrayIndex.interval(batch, 2 * batch)).dup());
      }
    } else {
      // train.py: netEC(x), then netEC(y), each call after a power iteration of its own.
      for (String domain : List.of("x", "y")) {
        vectors.advance();
        vectors.writeTo(features, PREFIX);
        Map<String, INDArray> f = features(domain.equals("x") ? x : y);
        for (int k : USED_FEATURES) {
          out.put(domain + ".c" + k, f.get("c" + k));
        }
      }
    }
    return out;
  }

  boolean hasContentLoss() {
    return contentLoss != null;
  }

  /** λ_con·|E_c(ŷ) − c6_x|₁ and its gradient with respect to {@code translation} ŷ. */
  ContentLossGradient.Result contentLoss(INDArray translation, INDArray c6OfX) {
    Preconditions.checkState(contentLoss != null, "the content term is off (lambdaContent 0)");
    if (vectors != null) {
      // ... and netEC(ŷ), the third call.
      vectors.advance();
      contentLoss.useVectors(vectors);
    }
    return contentLoss.compute(translation, c6OfX);
  }

  /** The value of E_c's variable {@code name} (local name) in the content loss graph. */
  INDArray contentLossValue(String name) {
    Preconditions.checkState(contentLoss != null, "the content term is off (lambdaContent 0)");
    return contentLoss.encoderValue(name);
  }

  /** The spectral-norm vectors the next call starts from ({@code layer1.0.conv.weight_u}, …). */
  Map<String, INDArray> vectors() {
    Map<String, INDArray> out = new TreeMap<>();
    if (vectors != null) {
      vectors.vectors().forEach((k, v) -> out.put(k, v.dup()));
    } else {
      weights.forEach(
          (k, v) -> {
            if (k.endsWith("_u") || k.endsWith("_v")) {
              out.put(k, v.dup());
            }
          });
    }
    return out;
  }

  /** The weights under the model file's names ({@code content_encoder.layer1…}). */
  Map<String, INDArray> modelWeights() {
    Map<String, INDArray> out = new TreeMap<>();
    weights.forEach((k, v) -> out.put(PREFIX + k, v));
    return out;
  }

  /** Placeholders for one batch's content pyramid; only c3, c4, c6 are read (and fed). */
  ContentFeatures placeholders(SameDiff sd, String prefix) {
    int r = config.resolution();
    List<SDVariable> out = new ArrayList<>();
    for (int k = 1; k <= ContentEncoderConfig.blocks(); k++) {
      int side = r >> Math.min(k, ContentEncoderConfig.blocks() - 1);
      out.add(
          sd.placeHolder(
              prefix + "c" + k, DataType.FLOAT, batch, config.blockChannels(k), side, side));
    }
    return new ContentFeatures(out.get(0), out);
  }

  /** E_c applied to {@code images} [N, 3, R, R] in {@code root}'s graph, with these weights. */
  ContentFeatures applyInto(Scope root, SDVariable images) {
    ContentFeatures f =
        new ContentEncoder(config).apply(root.child(GpUnitConfig.CONTENT_ENCODER), images);
    loadPrefixed(root.sd(), PREFIX, weights);
    return f;
  }

  /** {@code images} resized to R² (bilinear), or as they are when already R². */
  INDArray atResolution(INDArray images) {
    int r = config.resolution();
    return images.size(2) == r ? images : Resize.bilinear(images.castTo(DataType.FLOAT), r, r);
  }

  private SameDiff featureGraph() {
    Scope root = Scope.root(SameDiff.create(), Mode.INFERENCE, 0);
    int r = config.resolution();
    ContentFeatures f = applyInto(root, root.sd().placeHolder(IMAGES, DataType.FLOAT, -1, 3, r, r));
    for (int k : USED_FEATURES) {
      f.c(k).rename("c" + k);
    }
    return root.sd();
  }

  private Map<String, INDArray> features(INDArray images) {
    return Inference.output(features, Map.of(IMAGES, atResolution(images)), "c3", "c4", "c6");
  }

  /**
   * Assigns every variable of {@code sd} under {@code prefix} from {@code weights} (local names).
   */
  static void loadPrefixed(SameDiff sd, String prefix, Map<String, INDArray> weights) {
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() != VariableType.VARIABLE || !v.name().startsWith(prefix)) {
        continue;
      }
      String local = v.name().substring(prefix.length());
      INDArray w = weights.get(local);
      Preconditions.checkArgument(
          w != null, "the content encoder weights have no tensor '%s'", local);
      Preconditions.checkArgument(
          Arrays.equals(w.shape(), v.getArr().shape()),
          "content encoder tensor '%s' has shape %s, expected %s",
          local,
          Arrays.toString(w.shape()),
          Arrays.toString(v.getArr().shape()));
      v.getArr().assign(w);
    }
  }

  /** The content encoder's widths from its weights' shapes, at {@code resolution}. */
  private static ContentEncoderConfig inferConfig(Map<String, INDArray> weights, int resolution) {
    String first = "layer1.0.conv.weight_orig";
    String last = "layer6.1.conv.weight_orig";
    Preconditions.checkArgument(
        weights.containsKey(first) && weights.containsKey(last),
        "not content encoder weights: no '%s' or '%s' (have %s entries, e.g. %s)",
        first,
        last,
        weights.size(),
        weights.keySet().stream().limit(3).toList());
    return ContentEncoderConfig.builder()
        .nef((int) weights.get(first).size(0))
        .contentChannels((int) weights.get(last).size(0))
        .resolution(resolution)
        .build();
  }
}

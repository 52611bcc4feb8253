package io.gpunit.models.evaluation;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Inference;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.perceptual.FeatureExtractor;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ImageFeatures} from one tap of a perceptual {@link FeatureExtractor}, globally
 * average-pooled: {@code f[n, c] = mean_{i,j} tap(x)[n, c, i, j]} — how FID pools Inception's last
 * block. With {@code Vgg19Features} (weights from a safetensors file) and tap {@code relu5_1} this
 * gives VGG-based FID/KID; any extractor a user loads works alike. The graph is built once, for
 * images of side {@code imageSize}.
 */
public final class ExtractorFeatures implements ImageFeatures {

  private static final String INPUT = "images";

  private final SameDiff sd;
  private final String output;
  private final int imageSize;

  private ExtractorFeatures(SameDiff sd, String output, int imageSize) {
    this.sd = sd;
    this.output = output;
    this.imageSize = imageSize;
  }

  /** Pools {@code tap} of {@code extractor} for images of side {@code imageSize}. */
  public static ExtractorFeatures of(FeatureExtractor extractor, String tap, int imageSize) {
    Objects.requireNonNull(extractor, "extractor");
    Preconditions.checkArgument(imageSize > 0, "image size must be positive, got %s", imageSize);
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, 3, imageSize, imageSize);
    Map<String, SDVariable> taps = extractor.features(Scope.root(sd, Mode.INFERENCE, 0), x);
    SDVariable feature = taps.get(tap);
    Preconditions.checkArgument(
        feature != null, "the feature extractor has no tap '%s'; it has %s", tap, taps.keySet());
    SDVariable pooled = feature.mean("pooled_features", 2, 3);
    return new ExtractorFeatures(sd, pooled.name(), imageSize);
  }

  @Override
  public INDArray features(INDArray images) {
    Preconditions.checkArgument(
        images.rank() == 4
            && images.size(1) == 3
            && images.size(2) == imageSize
            && images.size(3) == imageSize,
        "images must be [N,3,%s,%s], got %s",
        imageSize,
        imageSize,
        java.util.Arrays.toString(images.shape()));
    return Inference.output(sd, Map.of(INPUT, images.castTo(DataType.FLOAT)), output).get(output);
  }
}

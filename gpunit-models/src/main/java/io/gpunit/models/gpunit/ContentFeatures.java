package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The content encoder's feature pyramid for a batch: {@code c1 … c6} are the outputs of blocks
 * {@code layer1 … layer6} (at 256² input: 128², 64², 32², 16², 8², 8²); {@code c6} is the content
 * code.
 *
 * @param resized the input after the encoder's resize to its working resolution
 * @param features {@code c1 … c6} in that order
 */
public record ContentFeatures(SDVariable resized, List<SDVariable> features) {

  public ContentFeatures {
    Preconditions.checkNotNull(resized, "resized");
    features = List.copyOf(features);
    Preconditions.checkArgument(
        features.size() == ContentEncoderConfig.blocks(),
        "a content pyramid has %s features, got %s",
        ContentEncoderConfig.blocks(),
        features.size());
  }

  /** Feature {@code c_k} (1-based, as in the paper and the official code's comments). */
  public SDVariable c(int k) {
    Preconditions.checkArgument(
        k >= 1 && k <= features.size(), "feature c%s is not in c1..c%s", k, features.size());
    return features.get(k - 1);
  }

  /** The content code {@code c6}. */
  public SDVariable code() {
    return c(features.size());
  }

  /**
   * The pyramid in the order the official {@code ContentEncoder(x, get_feature=True)} returns it
   * and the generator reads it: {@code [c6, c5, c4, c3, c2, c1]}.
   */
  public List<SDVariable> pyramid() {
    return List.of(c(6), c(5), c(4), c(3), c(2), c(1));
  }
}

package io.gpunit.models.training;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.perceptual.FeatureExtractor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;

/**
 * A small, fixed, randomly initialised convolutional feature extractor for perceptual losses where
 * the VGG19 weights GP-UNIT uses are not available (they cannot be downloaded at run time). Random
 * convolution filters still respond to local structure (edges, blobs, texture) at several scales,
 * which is what a perceptual term adds to a pixel loss; it is a stand-in, not VGG, and its features
 * carry no learned semantics.
 *
 * <p>Three 3×3 convolutions with ReLU, widths {@code w, 2w, 4w}, the last two with stride 2; taps
 * {@code relu1}, {@code relu2}, {@code relu3}. The weights come from the scope's seed
 * (PyTorch-default uniform init) and are turned into graph constants, so no optimiser trains them
 * and no checkpoint stores them.
 */
public final class RandomConvFeatures implements FeatureExtractor {

  /** The tap names, shallow to deep. */
  public static final List<String> LAYERS = List.of("relu1", "relu2", "relu3");

  private final int width;

  private RandomConvFeatures(int width) {
    Preconditions.checkArgument(width > 0, "width must be positive, got %s", width);
    this.width = width;
  }

  /** An extractor with base width {@code width} (16 is plenty for 64² images). */
  public static RandomConvFeatures withWidth(int width) {
    return new RandomConvFeatures(width);
  }

  public int width() {
    return width;
  }

  @Override
  public Map<String, SDVariable> features(Scope scope, SDVariable x) {
    Map<String, SDVariable> taps = new LinkedHashMap<>();
    int[] widths = {width, 2 * width, 4 * width};
    int[] strides = {1, 2, 2};
    int in = 3;
    SDVariable h = x;
    for (int i = 0; i < widths.length; i++) {
      Scope layer = scope.child("conv" + (i + 1));
      h = Conv2d.builder(in, widths[i], 3).padding(1).stride(strides[i]).build().apply(layer, h);
      freeze(layer);
      h = scope.sd().nn().relu(h, 0);
      taps.put(LAYERS.get(i), h);
      in = widths[i];
    }
    return taps;
  }

  private static void freeze(Scope layer) {
    SameDiff sd = layer.sd();
    List<SDVariable> fresh = new ArrayList<>();
    for (String local : List.of("weight", "bias")) {
      SDVariable v = sd.getVariable(layer.path(local));
      if (v.getVariableType() == VariableType.VARIABLE) {
        fresh.add(v);
      }
    }
    if (!fresh.isEmpty()) {
      sd.convertToConstants(fresh);
    }
  }

  @Override
  public String toString() {
    return "RandomConvFeatures[width=" + width + "]";
  }
}

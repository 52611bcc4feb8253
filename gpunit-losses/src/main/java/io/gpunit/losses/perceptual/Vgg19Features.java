package io.gpunit.losses.perceptual;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.Scope;
import io.gpunit.core.weights.TensorSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * torchvision's VGG19 {@code features} (Simonyan & Zisserman 2015, configuration E) as a frozen
 * feature extractor, with the input normalisation applied inside:
 *
 * <pre>
 *   x̂ = (x − mean) / std,   then per block b: [conv3×3 (pad 1) → ReLU] × {2, 2, 4, 4, 4} → maxpool 2×2
 * </pre>
 *
 * The ReLU outputs are the taps {@code relu<b>_<k>} (relu1_1 = {@code features.1}, relu2_1 = {@code
 * features.6}, relu3_1 = {@code features.11}, relu4_1 = {@code features.20}, relu5_1 = {@code
 * features.29}); the network is built only up to {@link Builder#upTo}. The default normalisation is
 * GP-UNIT's for inputs in [-1, 1] ({@code model/vgg.py}): mean = imagenet_mean·2 − 1, std =
 * imagenet_std·2, computed in float32 as PyTorch does.
 *
 * <p>Weights come from a {@link TensorSource} with torchvision's key names ({@code
 * features.0.weight}, {@code features.0.bias}, ...); the convolutions are core {@link Conv2d}
 * layers named {@code <scope>.features.<i>}, and once loaded their parameters become SameDiff
 * constants, so no optimiser touches them while gradients still flow to the input.
 */
public final class Vgg19Features implements FeatureExtractor {

  /** Channels per conv layer, 0 = max pool (torchvision's {@code cfgs["E"]}). */
  private static final int[] CONFIG = {
    64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0
  };

  /** Every tap in depth order. */
  public static final List<String> LAYERS = tapNames();

  /** GP-UNIT's normalisation for [-1, 1] inputs, rounded to float32 like the PyTorch tensors. */
  public static final float[] GPUNIT_MEAN = {0.485f * 2 - 1, 0.456f * 2 - 1, 0.406f * 2 - 1};

  public static final float[] GPUNIT_STD = {0.229f * 2, 0.224f * 2, 0.225f * 2};

  private final TensorSource weights;
  private final String upTo;
  private final float[] mean;
  private final float[] std;

  private Vgg19Features(Builder b) {
    this.weights = b.weights;
    this.upTo = b.upTo;
    this.mean = b.mean.clone();
    this.std = b.std.clone();
  }

  /** A builder reading the weights from {@code weights} (torchvision key names). */
  public static Builder builder(TensorSource weights) {
    Preconditions.checkArgument(weights != null, "VGG19 weights must not be null");
    return new Builder(weights);
  }

  /** The deepest tap built. */
  public String upTo() {
    return upTo;
  }

  /** {@code (x − mean) / std} with this extractor's per-channel statistics (x is NCHW, 3 channels). */
  public SDVariable normalize(Scope scope, SDVariable x) {
    long[] shape = x.getShape();
    Preconditions.checkArgument(
        shape == null || (shape.length == 4 && (shape[1] == 3 || shape[1] < 0)),
        "VGG19 expects NCHW RGB input [N,3,H,W], got %s for '%s'",
        Arrays.toString(shape),
        x.name());
    SDVariable m = constant(scope, "input_mean", mean);
    SDVariable s = constant(scope, "input_std", std);
    return x.sub(m).div(s);
  }

  @Override
  public Map<String, SDVariable> features(Scope scope, SDVariable x) {
    SameDiff sd = scope.sd();
    SDVariable h = normalize(scope, x);
    Scope features = scope.child("features");
    Map<String, SDVariable> taps = new LinkedHashMap<>();
    int index = 0;
    int block = 1;
    int conv = 1;
    int in = 3;
    for (int channels : CONFIG) {
      if (channels == 0) {
        h = sd.cnn().maxPooling2d(h, pool());
        index++;
        block++;
        conv = 1;
        continue;
      }
      Scope layer = features.child(index);
      h = Conv2d.builder(in, channels, 3).padding(1).build().apply(layer, h);
      freeze(layer, "features." + index);
      h = sd.nn().relu(h, 0);
      String tap = "relu" + block + "_" + conv;
      taps.put(tap, h);
      if (tap.equals(upTo)) {
        return taps;
      }
      index += 2;
      conv++;
      in = channels;
    }
    throw new IllegalStateException("unreachable: " + upTo + " is a VGG19 tap");
  }

  /** Loads {@code weight} and {@code bias} of a freshly built conv and turns them into constants. */
  private void freeze(Scope layer, String torchName) {
    SameDiff sd = layer.sd();
    List<SDVariable> fresh = new ArrayList<>();
    for (String local : List.of("weight", "bias")) {
      SDVariable v = sd.getVariable(layer.path(local));
      if (v.getVariableType() != VariableType.VARIABLE) {
        continue;
      }
      String key = torchName + "." + local;
      Preconditions.checkArgument(
          weights.names().contains(key), "VGG19 weights: no tensor '%s' in %s", key, weights);
      long[] expected = v.getShape();
      long[] actual = weights.shape(key);
      Preconditions.checkArgument(
          Arrays.equals(expected, actual),
          "VGG19 weights: '%s' has shape %s, expected %s",
          key,
          Arrays.toString(actual),
          Arrays.toString(expected));
      v.setArray(weights.get(key).castTo(layer.dataType()));
      fresh.add(v);
    }
    if (!fresh.isEmpty()) {
      sd.convertToConstants(fresh);
    }
  }

  private static SDVariable constant(Scope scope, String local, float[] values) {
    String name = scope.path(local);
    SameDiff sd = scope.sd();
    if (sd.hasVariable(name)) {
      return sd.getVariable(name);
    }
    INDArray array = Nd4j.create(values, new long[] {1, 3, 1, 1}, DataType.FLOAT);
    return sd.constant(name, array.castTo(scope.dataType()));
  }

  private static Pooling2DConfig pool() {
    return Pooling2DConfig.builder()
        .kH(2)
        .kW(2)
        .sH(2)
        .sW(2)
        .paddingMode(PaddingMode.VALID)
        .isNHWC(false)
        .build();
  }

  private static List<String> tapNames() {
    List<String> names = new ArrayList<>();
    int block = 1;
    int conv = 1;
    for (int channels : CONFIG) {
      if (channels == 0) {
        block++;
        conv = 1;
      } else {
        names.add("relu" + block + "_" + conv++);
      }
    }
    return List.copyOf(names);
  }

  /** Configures a {@link Vgg19Features}; defaults: up to relu5_1, GP-UNIT normalisation. */
  public static final class Builder {
    private final TensorSource weights;
    private String upTo = "relu5_1";
    private float[] mean = GPUNIT_MEAN;
    private float[] std = GPUNIT_STD;

    private Builder(TensorSource weights) {
      this.weights = weights;
    }

    /** The deepest tap to build, one of {@link #LAYERS}. */
    public Builder upTo(String tap) {
      Preconditions.checkArgument(
          LAYERS.contains(tap), "'%s' is not a VGG19 tap; expected one of %s", tap, LAYERS);
      this.upTo = tap;
      return this;
    }

    /** Per-channel mean and std (3 values each, std &gt; 0) subtracted and divided inside. */
    public Builder normalization(float[] mean, float[] std) {
      Preconditions.checkArgument(
          mean != null && std != null && mean.length == 3 && std.length == 3,
          "mean and std need 3 values each");
      for (float s : std) {
        Preconditions.checkArgument(s > 0, "std must be > 0, got %s", Arrays.toString(std));
      }
      this.mean = mean.clone();
      this.std = std.clone();
      return this;
    }

    public Vgg19Features build() {
      return new Vgg19Features(this);
    }
  }
}

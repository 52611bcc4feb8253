package io.gpunit.losses.perceptual;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.AbstractLoss;
import io.gpunit.losses.Distance;
import io.gpunit.losses.Graphs;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A perceptual loss (Johnson et al. 2016, eq. 2): a weighted sum of distances between feature maps
 * of the prediction and of the target,
 *
 * <pre>
 *   L = Σ_l w_l · R_l(ρ(φ_l(ŷ) − sg(φ_l(y))))
 * </pre>
 *
 * with φ a {@link FeatureExtractor}, R_l the mean (or sum) over layer l's elements and ρ = |·| or
 * (·)². The target's features are detached, as GP-UNIT's {@code VGGLoss} does. {@link #gpUnit}
 * gives GP-UNIT's configuration: VGG19 relu1_1…relu5_1, w = 0.3 each, L1.
 */
public final class PerceptualLoss extends AbstractLoss {

  private final FeatureExtractor extractor;
  private final Map<String, Double> layerWeights;
  private final Distance distance;

  private PerceptualLoss(Builder b) {
    super(b);
    this.extractor = b.extractor;
    this.layerWeights = Collections.unmodifiableMap(new LinkedHashMap<>(b.layerWeights));
    this.distance = b.distance;
  }

  public static Builder builder(FeatureExtractor extractor) {
    Preconditions.checkArgument(extractor != null, "feature extractor must not be null");
    return new Builder(extractor);
  }

  /** GP-UNIT's {@code VGGLoss}: relu1_1, relu2_1, relu3_1, relu4_1, relu5_1 × 0.3, L1. */
  public static Builder gpUnit(FeatureExtractor vgg) {
    Builder b = builder(vgg).distance(Distance.ABSOLUTE);
    for (String layer : new String[] {"relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"}) {
      b.layer(layer, 0.3);
    }
    return b;
  }

  /** The layers compared and their weights w_l, in insertion order. */
  public Map<String, Double> layerWeights() {
    return layerWeights;
  }

  /** The weighted loss between {@code prediction} and {@code target}; {@code scope} holds φ's parameters. */
  public SDVariable apply(Scope scope, SDVariable prediction, SDVariable target) {
    Graphs.checkSameShape(name(), prediction, target);
    Map<String, SDVariable> fake = extractor.features(scope, prediction);
    Map<String, SDVariable> real = extractor.features(scope, target);
    SDVariable total = null;
    for (Map.Entry<String, Double> e : layerWeights.entrySet()) {
      String layer = e.getKey();
      Preconditions.checkArgument(
          fake.containsKey(layer),
          "%s: the feature extractor has no layer '%s'; it gives %s",
          name(),
          layer,
          fake.keySet());
      SDVariable diff = fake.get(layer).sub(Graphs.detach(real.get(layer)));
      SDVariable term = reduction().reduce(distance.of(diff)).mul(e.getValue());
      total = total == null ? term : total.add(term);
    }
    return weighted(scope.sd(), total);
  }

  /** Configures a {@link PerceptualLoss}; default name {@code "perceptual"}, L1, no layers. */
  public static final class Builder extends AbstractLoss.Builder<PerceptualLoss, Builder> {
    private final FeatureExtractor extractor;
    private final Map<String, Double> layerWeights = new LinkedHashMap<>();
    private Distance distance = Distance.ABSOLUTE;

    private Builder(FeatureExtractor extractor) {
      super("perceptual");
      this.extractor = extractor;
    }

    /** Compares layer {@code name} with weight w_l (replacing an earlier weight for it). */
    public Builder layer(String name, double weight) {
      Preconditions.checkArgument(name != null && !name.isBlank(), "layer name must not be empty");
      Preconditions.checkArgument(Double.isFinite(weight), "weight of %s must be finite", name);
      layerWeights.put(name, weight);
      return this;
    }

    /** ρ: {@link Distance#ABSOLUTE} (L1, GP-UNIT) or {@link Distance#SQUARED} (MSE). */
    public Builder distance(Distance value) {
      Preconditions.checkArgument(value != null, "distance must not be null");
      this.distance = value;
      return this;
    }

    @Override
    public PerceptualLoss build() {
      Preconditions.checkState(!layerWeights.isEmpty(), "a perceptual loss needs at least one layer");
      return new PerceptualLoss(this);
    }
  }
}

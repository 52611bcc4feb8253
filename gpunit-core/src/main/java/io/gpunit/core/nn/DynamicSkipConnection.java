package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * GP-UNIT's dynamic skip connection ({@code DynamicSkipLayer}), a GRU-like gate that lets the
 * generator take content-encoder features where they help:
 *
 * <pre>
 * ĥ   = lrelu0.2(trans(up_nearest×2(h)))
 * r   = sigmoid(reset([ĥ, fE]))
 * h'  = r ⊙ ĥ
 * m   = tanh(relu(mask([ĥ, fE])))
 * f̂E  = update([h', fE])
 * out = (1 − m) ⊙ fG + m ⊙ f̂E
 * </pre>
 *
 * where {@code [a, b]} concatenates channels. {@code trans} (hidden → feature) and {@code reset},
 * {@code mask}, {@code update} (2·feature → feature) are 3×3 convolutions with reflection padding 1
 * and bias. Returns {@code out}, the new state {@code h'} and the mask {@code m}.
 */
public final class DynamicSkipConnection {

  /** The skip's output, its new hidden state h' and its mask m. */
  public record Output(SDVariable out, SDVariable state, SDVariable mask) {}

  private final Conv2d trans;
  private final Conv2d gate;
  private final Upsample up = Upsample.nearest(2);

  private DynamicSkipConnection(int hidden, int feature) {
    this.trans = conv(hidden, feature);
    this.gate = conv(2 * feature, feature);
  }

  private static Conv2d conv(int in, int out) {
    return Conv2d.builder(in, out, 3).padding(1).padMode(PadMode.REFLECT).build();
  }

  public static Builder builder(int hiddenChannels, int featureChannels) {
    return new Builder(hiddenChannels, featureChannels);
  }

  /**
   * {@code fG} decoder features and {@code fE} encoder features [N, feature, 2H, 2W], {@code h} the
   * previous state [N, hidden, H, W], all in the scope's {@link Layout}.
   */
  public Output apply(Scope scope, SDVariable fG, SDVariable fE, SDVariable h) {
    SameDiff sd = scope.sd();
    int channels = scope.layout().channelAxis();
    SDVariable hHat =
        Activation.leakyRelu(0.2).apply(trans.apply(scope.child("trans"), up.apply(scope, h)));
    SDVariable withEncoder = sd.concat(channels, hHat, fE);
    SDVariable reset = Activation.sigmoid().apply(gate.apply(scope.child("reset"), withEncoder));
    SDVariable state = reset.mul(hHat);
    SDVariable mask =
        sd.math().tanh(Activation.relu().apply(gate.apply(scope.child("mask"), withEncoder)));
    SDVariable updated = gate.apply(scope.child("update"), sd.concat(channels, state, fE));
    SDVariable out = mask.rsub(1.0).mul(fG).add(mask.mul(updated));
    return new Output(out, state, mask);
  }

  /** Configures a {@link DynamicSkipConnection}. */
  public static final class Builder {
    private final int hidden;
    private final int feature;

    private Builder(int hidden, int feature) {
      Preconditions.checkArgument(
          hidden > 0 && feature > 0,
          "DynamicSkipConnection needs positive hidden and feature channels; got %s, %s",
          hidden,
          feature);
      this.hidden = hidden;
      this.feature = feature;
    }

    public DynamicSkipConnection build() {
      return new DynamicSkipConnection(hidden, feature);
    }
  }
}

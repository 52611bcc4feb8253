package io.gpunit.models.cyclegan;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.InstanceNorm;
import io.gpunit.core.nn.PadMode;
import io.gpunit.core.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * CycleGAN's {@code ResnetBlock} (official {@code networks.py}, reflect padding, instance norm, no
 * dropout):
 *
 * <pre>
 * out = x + IN(conv₃ₓ₃(reflectpad₁(relu(IN(conv₃ₓ₃(reflectpad₁(x)))))))
 * </pre>
 *
 * Parameters are named as the official {@code conv_block} {@code nn.Sequential} names them ({@code
 * conv_block.1.weight}, {@code conv_block.5.weight}; the pads, norms and ReLU have none). The core
 * {@code ResBlock} computes the same function but names its convolutions {@code conv_0, conv_1}.
 */
public final class ResnetBlock {

  private static final int FIRST_CONV = 1;
  private static final int SECOND_CONV = 5;

  private final Conv2d conv;
  private final InstanceNorm norm;

  private ResnetBlock(int channels) {
    Preconditions.checkArgument(channels > 0, "ResnetBlock needs channels > 0, got %s", channels);
    this.conv = Conv2d.builder(channels, channels, 3).padding(1).padMode(PadMode.REFLECT).build();
    this.norm = InstanceNorm.builder(channels).build();
  }

  public static ResnetBlock of(int channels) {
    return new ResnetBlock(channels);
  }

  public SDVariable apply(Scope scope, SDVariable x) {
    Scope block = scope.child("conv_block");
    SDVariable h = conv.apply(block.child(FIRST_CONV), x);
    h = Activation.relu().apply(norm.apply(block.child(FIRST_CONV + 1), h));
    h = norm.apply(block.child(SECOND_CONV + 1), conv.apply(block.child(SECOND_CONV), h));
    return x.add(h);
  }
}

package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.GradientReversal;
import io.gpunit.core.nn.Linear;
import io.gpunit.core.nn.Scope;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The stage-1 domain classifier C behind a gradient reversal layer ({@code Classifer} and {@code
 * AutoEncoder.classify} in the official {@code content_encoder.py}). Trained to tell the domain
 * from the content code while the reversed gradient pushes the content encoder to hide it:
 *
 * <pre>
 * logits = fc3(flatten(lrelu(conv4×4(lrelu(conv3×3(lrelu(conv3×3/2(R(c)))))))))
 * </pre>
 *
 * with {@code R} the identity forward and {@code −λ·grad} backward, every conv spectral-normalised
 * with reflection padding (widths 32, 64, classes), on the 8² content code. Parameters under {@code
 * layer1..3.conv.} and {@code fc3.}.
 */
public final class DomainClassifier {

  private final int contentChannels;
  private final int classes;

  public DomainClassifier(int contentChannels, int classes) {
    Preconditions.checkArgument(contentChannels > 0, "contentChannels must be positive");
    Preconditions.checkArgument(classes > 0, "classes must be positive, got %s", classes);
    this.contentChannels = contentChannels;
    this.classes = classes;
  }

  /** Class logits [N, classes] of the content codes {@code code} [N, C, 8, 8]. */
  public SDVariable apply(Scope scope, SDVariable code) {
    Activation lrelu = Activation.leakyRelu(ConvBlock.SLOPE);
    SDVariable h = GradientReversal.of(1.0).apply(code);
    h =
        ConvBlock.of(contentChannels, 32, 3, 1, 2, ConvBlock.Norm.NONE, lrelu)
            .apply(scope.child("layer1"), h);
    h = ConvBlock.of(32, 64, 3, 1, 1, ConvBlock.Norm.NONE, lrelu).apply(scope.child("layer2"), h);
    h =
        ConvBlock.of(64, classes, 4, 0, 1, ConvBlock.Norm.NONE, lrelu)
            .apply(scope.child("layer3"), h);
    return Linear.builder(classes, classes)
        .build()
        .apply(scope.child("fc3"), h.reshape(-1, classes));
  }
}

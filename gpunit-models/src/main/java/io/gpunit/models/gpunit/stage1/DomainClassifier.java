package io.gpunit.models.gpunit.stage1;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.GradientReversal;
import io.gpunit.core.nn.Linear;
import io.gpunit.core.nn.Scope;
import io.gpunit.models.gpunit.ConvBlock;
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
 * with reflection padding (widths 32, 64, classes), on the S² content code (S = 8 officially; the
 * last kernel is S/2 so that it sees the whole code). Parameters under {@code layer1..3.conv.} and
 * {@code fc3.}.
 */
public final class DomainClassifier {

  private final int contentChannels;
  private final int codeSize;
  private final int classes;

  public DomainClassifier(int contentChannels, int codeSize, int classes) {
    Preconditions.checkArgument(contentChannels > 0, "contentChannels must be positive");
    Preconditions.checkArgument(
        codeSize >= 4 && codeSize % 2 == 0,
        "codeSize must be even and ≥ 4 (reflection padding after the stride-2 conv), got %s",
        codeSize);
    Preconditions.checkArgument(classes > 0, "classes must be positive, got %s", classes);
    this.contentChannels = contentChannels;
    this.codeSize = codeSize;
    this.classes = classes;
  }

  /** Class logits [N, classes] of the content codes {@code code} [N, C, S, S]. */
  public SDVariable apply(Scope scope, SDVariable code) {
    Activation lrelu = Activation.leakyRelu(ConvBlock.SLOPE);
    SDVariable h = GradientReversal.of(1.0).apply(code);
    h =
        ConvBlock.of(contentChannels, 32, 3, 1, 2, ConvBlock.Norm.NONE, lrelu)
            .apply(scope.child("layer1"), h);
    h = ConvBlock.of(32, 64, 3, 1, 1, ConvBlock.Norm.NONE, lrelu).apply(scope.child("layer2"), h);
    h =
        ConvBlock.of(64, classes, codeSize / 2, 0, 1, ConvBlock.Norm.NONE, lrelu)
            .apply(scope.child("layer3"), h);
    return Linear.builder(classes, classes)
        .build()
        .apply(scope.child("fc3"), h.reshape(-1, classes));
  }
}

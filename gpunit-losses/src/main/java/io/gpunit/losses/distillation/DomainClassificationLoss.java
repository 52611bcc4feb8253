package io.gpunit.losses.distillation;

import com.google.common.base.Preconditions;
import io.gpunit.losses.AbstractLoss;
import io.gpunit.losses.Graphs;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * GP-UNIT's domain classification term for prior distillation ({@code prior_distillation.py}'s
 * {@code F.cross_entropy(pred, labels)} in {@code Lreg}, λ_class = 1): the softmax cross-entropy of a
 * classifier that predicts the domain from the content code,
 *
 * <pre>
 *   L_cls = E_n[ −log softmax(C(R(c_n)))_{y_n} ] = E_n[ logΣ_k e^{z_{n,k}} − z_{n,y_n} ]
 * </pre>
 *
 * where R is a gradient reversal layer (identity forward, −λ·gradient backward; Ganin & Lempitsky
 * 2015). The classifier C learns to tell the domains apart while the reversed gradient makes the
 * content encoder remove domain information. This loss takes the logits z = C(R(c)) [N, K]: the
 * model inserts core's gradient reversal between the content code and C. Labels are one-hot (or
 * soft) [N, K].
 */
public final class DomainClassificationLoss extends AbstractLoss {

  private DomainClassificationLoss(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The weighted cross-entropy of {@code logits} [N, K] against one-hot {@code labels} [N, K]. */
  public SDVariable apply(SameDiff sd, SDVariable logits, SDVariable labels) {
    Graphs.checkRank(name(), logits, 2, "[N, classes] logits");
    Graphs.checkSameShape(name(), logits, labels);
    long[] shape = logits.getShape();
    Preconditions.checkArgument(
        shape == null || shape[1] != 1, "%s: logits %s need more than one class", name(), Arrays.toString(shape));
    SDVariable perSample = logSoftmax(sd, logits).mul(labels).sum(1).neg();
    return weighted(sd, reduction().reduce(perSample));
  }

  /**
   * z − logΣ_k e^{z_k} per row, shifted by the (detached) row maximum for stability. Written out
   * because SameDiff M2.1 fails to build the gradient of its own {@code log_softmax} op ("Error
   * setting property for function LogSoftMax").
   */
  private static SDVariable logSoftmax(SameDiff sd, SDVariable logits) {
    SDVariable shifted = logits.sub(Graphs.detach(logits.max(true, 1)));
    SDVariable logSumExp = sd.math().log(sd.math().exp(shifted).sum(true, 1));
    return shifted.sub(logSumExp);
  }

  /** Builds a {@link DomainClassificationLoss}; default name {@code "domain_cls"}. */
  public static final class Builder extends AbstractLoss.Builder<DomainClassificationLoss, Builder> {
    private Builder() {
      super("domain_cls");
    }

    @Override
    public DomainClassificationLoss build() {
      return new DomainClassificationLoss(this);
    }
  }
}

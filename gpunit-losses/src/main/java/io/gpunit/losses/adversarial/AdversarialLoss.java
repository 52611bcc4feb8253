package io.gpunit.losses.adversarial;

import io.gpunit.losses.AbstractLoss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A GAN objective as the element-wise penalties it puts on discriminator logits, for both players:
 *
 * <pre>
 *   L_D = R[f_real(D(x))] + R[f_fake(D(G(z)))]        L_G = R[f_gen(D(G(z)))]
 * </pre>
 *
 * with R the {@link #reduction()} over every logit (mean by default). Subclasses give the three
 * penalties. Logits may have any shape (a patch discriminator's map, or [N]).
 */
public abstract class AdversarialLoss extends AbstractLoss {

  protected AdversarialLoss(Builder<?, ?> builder) {
    super(builder);
  }

  /** The generator's weighted loss on the logits D gives its fakes. */
  public final SDVariable generator(SameDiff sd, SDVariable fakeLogits) {
    return weighted(sd, reduction().reduce(generatorPenalty(fakeLogits)));
  }

  /** The discriminator's weighted loss on its logits for real images and for fakes. */
  public final SDVariable discriminator(SameDiff sd, SDVariable realLogits, SDVariable fakeLogits) {
    SDVariable real = reduction().reduce(realPenalty(realLogits));
    SDVariable fake = reduction().reduce(fakePenalty(fakeLogits));
    return weighted(sd, real.add(fake));
  }

  /** f_real: D's penalty on a real image's logit. */
  protected abstract SDVariable realPenalty(SDVariable logits);

  /** f_fake: D's penalty on a fake image's logit. */
  protected abstract SDVariable fakePenalty(SDVariable logits);

  /** f_gen: G's penalty on a fake image's logit. */
  protected abstract SDVariable generatorPenalty(SDVariable logits);

  /** {@code log(1 + eˣ)} as {@code max(x, 0) + log1p(e^−|x|)}, finite for every x. */
  static SDVariable softplus(SDVariable x) {
    SameDiff sd = x.getSameDiff();
    SDVariable tail = sd.math().log1p(sd.math().exp(sd.math().abs(x).neg()));
    return sd.nn().relu(x, 0).add(tail);
  }

  /**
   * The builder shared by adversarial losses.
   *
   * @param <L> the loss built
   * @param <B> the concrete builder
   */
  public abstract static class Builder<L extends AdversarialLoss, B extends Builder<L, B>>
      extends AbstractLoss.Builder<L, B> {
    protected Builder(String defaultName) {
      super(defaultName);
    }
  }
}

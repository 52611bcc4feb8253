package io.gpunit.losses;

import com.google.common.base.Preconditions;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Holds a loss's name, weight and reduction, and turns a raw scalar into the weighted, named output
 * every loss returns (see {@link Loss}).
 */
public abstract class AbstractLoss implements Loss {

  private final String name;
  private final double weight;
  private final Reduction reduction;

  protected AbstractLoss(Builder<?, ?> builder) {
    this.name = builder.name;
    this.weight = builder.weight;
    this.reduction = builder.reduction;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final double weight() {
    return weight;
  }

  @Override
  public final Reduction reduction() {
    return reduction;
  }

  /**
   * Names {@code raw} {@code <n>/raw} and returns {@code weight · raw} named {@code <n>}, where
   * {@code <n>} is this loss's name made unique in {@code sd}.
   */
  protected final SDVariable weighted(SameDiff sd, SDVariable raw) {
    String base = uniqueName(sd, name);
    raw.rename(Loss.rawName(base));
    return raw.mul(base, weight);
  }

  private static String uniqueName(SameDiff sd, String name) {
    String candidate = name;
    for (int i = 1; sd.hasVariable(candidate) || sd.hasVariable(Loss.rawName(candidate)); i++) {
      candidate = name + "_" + i;
    }
    return candidate;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + ", weight=" + weight + ", " + reduction + "]";
  }

  /**
   * The fluent builder every loss extends.
   *
   * @param <L> the loss built
   * @param <B> the concrete builder, returned by every setter
   */
  public abstract static class Builder<L extends Loss, B extends Builder<L, B>> {
    private String name;
    private double weight = 1.0;
    private Reduction reduction = Reduction.MEAN;

    protected Builder(String defaultName) {
      this.name = defaultName;
    }

    /** The graph and log name (default: the loss's usual short name). */
    public B name(String name) {
      Preconditions.checkArgument(
          name != null && !name.isBlank() && !name.contains(" "),
          "loss name must be non-empty without spaces, got '%s'",
          name);
      this.name = name;
      return self();
    }

    /** The factor λ (default 1); finite, may be zero or negative. */
    public B weight(double weight) {
      Preconditions.checkArgument(Double.isFinite(weight), "loss weight must be finite, got %s", weight);
      this.weight = weight;
      return self();
    }

    /** {@link Reduction#MEAN} (default) or {@link Reduction#SUM}. */
    public B reduction(Reduction reduction) {
      Preconditions.checkArgument(reduction != null, "reduction must not be null");
      this.reduction = reduction;
      return self();
    }

    @SuppressWarnings("unchecked")
    protected final B self() {
      return (B) this;
    }

    public abstract L build();
  }
}

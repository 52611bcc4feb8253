package io.gpunit.losses;

/**
 * The common shape of every loss: a name, a weight and a reduction. A loss adds itself to a SameDiff
 * graph through its own typed method ({@code apply}, {@code generator}, {@code discriminator}, ...)
 * and returns the <em>weighted</em> scalar {@code weight · raw}.
 *
 * <p>The returned variable is named after the loss ({@code name}, or {@code name_1}, ... when the
 * name is taken) and the unweighted value sits beside it as {@code <returned name>/raw}, so an
 * {@link io.gpunit.losses.objective.Objective} can log both without the loss keeping any state.
 */
public interface Loss {

  /** Suffix of the unweighted value's variable name. */
  String RAW_SUFFIX = "/raw";

  /** A short name used for the graph variables and in logs ({@code "l1"}, {@code "r1"}). */
  String name();

  /** The factor λ the raw value is multiplied by. */
  double weight();

  /** How per-element (or per-sample) terms are reduced to a scalar. */
  Reduction reduction();

  /** The name of the unweighted value that belongs to the weighted loss variable {@code name}. */
  static String rawName(String weightedName) {
    return weightedName + RAW_SUFFIX;
  }
}

package io.gpunit.core.memory;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A placeholder whose value is computed, within the call that needs it, from values that call
 * computes first: {@code value} gets the arrays of the graph variables {@code from} and returns the
 * placeholder's array.
 *
 * <p>Why: a term computed outside the graph from the graph's own output (GP-UNIT's content loss
 * gradient g = ∂L/∂ŷ, fed to the surrogate Σ ŷ ⊙ g) would otherwise need ŷ from a forward pass of
 * its own before the pass that uses g. A replayed call ({@link Replay}) fills the placeholder just
 * before the first op that reads it, from the arrays the same call has computed; a call through
 * SameDiff's session (the first, which records the order, or one that cannot be replayed) computes
 * {@code from} in a call of its own first, as before. Both see the same values: the same ops on the
 * same inputs.
 *
 * @param placeholder the placeholder it fills
 * @param from the variables {@code value} reads; none may depend on {@code placeholder}
 * @param value computes the placeholder's array from those of {@code from} (by name)
 */
public record DeferredInput(
    String placeholder, List<String> from, Function<Map<String, INDArray>, INDArray> value) {

  public DeferredInput {
    Preconditions.checkArgument(!from.isEmpty(), "a deferred input needs what it is computed from");
    Preconditions.checkArgument(
        !from.contains(placeholder),
        "deferred input '%s' cannot be computed from itself",
        placeholder);
    from = List.copyOf(from);
  }
}

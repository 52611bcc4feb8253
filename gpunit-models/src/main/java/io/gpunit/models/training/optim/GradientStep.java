package io.gpunit.models.training.optim;

import com.google.common.base.Preconditions;
import io.gpunit.core.memory.Backprop;
import io.gpunit.core.memory.DeferredInput;
import io.gpunit.core.memory.SameDiffArrayCache;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.objective.Objective;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One optimisation step of one objective: a forward and backward pass of a graph's loss, gradients
 * for one optimiser's parameters only, their update, and the write-back of the buffers the forward
 * pass updated — PyTorch's {@code opt.zero_grad(); loss.backward(); opt.step()} with a module in
 * training mode.
 *
 * <p>Gradients are requested with {@code sd.calculateGradientsAndOutputs(placeholders, outputs,
 * parameterNames)} for exactly the optimiser's parameters, so other networks in the same graph (a
 * discriminator in a generator step) are neither differentiated needlessly nor updated. The loss
 * terms, the new buffer values and any extra outputs (samples for a preview) come from the same
 * forward pass.
 *
 * <p>The graph's loss variable is set to this step's loss when the step is built. Two steps with
 * different losses on one graph would make SameDiff rebuild its gradient function at every switch;
 * give each objective its own graph instead (their parameters can share arrays).
 */
public final class GradientStep {

  /**
   * What one step produced: the loss terms (in order), the extra outputs asked for, and the
   * gradients the optimiser applied (extra gradients included; parameters the loss does not reach
   * have none), taken before the update.
   */
  public record Result(
      Map<String, Double> losses, Map<String, INDArray> outputs, Map<String, INDArray> gradients) {}

  /**
   * A step's forward and backward pass as {@link #run(Map, Collection, Function)}'s extra terms see
   * it, before the update: its outputs, and the gradients of its loss (the parameters', and those
   * asked for with {@link Builder#gradientOf}).
   */
  public record Pass(Map<String, INDArray> outputs, Map<String, INDArray> gradients) {}

  private final SameDiff sd;
  private final String loss;
  private final Map<String, String> terms;
  private final Adam optimizer;
  private final List<Scope.BufferUpdate> bufferUpdates;
  private final List<String> extraOutputs;
  private final List<String> requested;
  private final List<String> differentiated;

  private GradientStep(Builder b) {
    // Every trainer builds its steps before its first execution, so its sessions start uncached.
    SameDiffArrayCache.offUnlessConfigured();
    this.optimizer = Objects.requireNonNull(b.optimizer, "optimizer");
    this.sd = optimizer.parameters().sd();
    this.loss = Objects.requireNonNull(b.loss, "loss");
    Preconditions.checkArgument(sd.hasVariable(loss), "the graph has no loss variable '%s'", loss);
    this.terms = b.terms.isEmpty() ? Map.of("loss", loss) : new LinkedHashMap<>(b.terms);
    this.bufferUpdates = List.copyOf(b.bufferUpdates);
    this.extraOutputs = List.copyOf(b.extraOutputs);
    Set<String> outputs = new LinkedHashSet<>();
    outputs.add(loss);
    outputs.addAll(terms.values());
    bufferUpdates.forEach(u -> outputs.add(u.newValue()));
    outputs.addAll(extraOutputs);
    for (String name : outputs) {
      Preconditions.checkArgument(sd.hasVariable(name), "the graph has no variable '%s'", name);
    }
    for (Scope.BufferUpdate u : bufferUpdates) {
      Preconditions.checkArgument(
          sd.hasVariable(u.buffer()), "the graph has no buffer '%s'", u.buffer());
    }
    this.requested = new ArrayList<>(outputs);
    this.differentiated = new ArrayList<>(optimizer.parameters().names());
    for (String name : b.gradientsOf) {
      Preconditions.checkArgument(sd.hasVariable(name), "the graph has no variable '%s'", name);
      differentiated.add(name);
    }
    if (!List.of(loss).equals(sd.getLossVariables())) {
      sd.setLossVariables(loss);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Adam optimizer() {
    return optimizer;
  }

  /** Runs one step with the given placeholder values (data and Java-drawn noise). */
  public Result run(Map<String, INDArray> placeholders) {
    return run(placeholders, List.of(), pass -> Map.of());
  }

  /**
   * Runs one step whose gradients are the graph's plus those {@code extraGradients} computes (by
   * parameter name) from this step's own pass before the update: for terms computed outside the
   * graph, such as {@link io.gpunit.losses.regularization.R1Penalty}'s from D's pre-activations and
   * input gradient. {@code moreOutputs} are outputs of the pass it needs besides the step's own.
   */
  public Result run(
      Map<String, INDArray> placeholders,
      Collection<String> moreOutputs,
      Function<Pass, Map<String, INDArray>> extraGradients) {
    return run(placeholders, List.of(), moreOutputs, extraGradients);
  }

  /**
   * As {@link #run(Map, Collection, Function)}, with placeholders the pass computes from its own
   * values ({@link DeferredInput}): for a term computed outside the graph from the graph's output.
   */
  public Result run(
      Map<String, INDArray> placeholders,
      List<DeferredInput> deferred,
      Collection<String> moreOutputs,
      Function<Pass, Map<String, INDArray>> extraGradients) {
    List<String> outputs = requested;
    if (!moreOutputs.isEmpty()) {
      Set<String> all = new LinkedHashSet<>(requested);
      all.addAll(moreOutputs);
      outputs = new ArrayList<>(all);
    }
    OutAndGrad out =
        Backprop.outputsAndGradients(sd, placeholders, deferred, outputs, differentiated);
    Map<String, INDArray> values = out.getOutputs();
    Map<String, INDArray> grads = new LinkedHashMap<>(out.getGradients());
    grads.keySet().retainAll(optimizer.parameters().names());
    extraGradients
        .apply(new Pass(values, out.getGradients()))
        .forEach(
            (name, extra) -> {
              Preconditions.checkArgument(
                  grads.containsKey(name),
                  "extra gradient for '%s', which is not a differentiated parameter of this step",
                  name);
              grads.put(name, grads.get(name).add(extra));
            });
    optimizer.step(grads);
    for (Scope.BufferUpdate u : bufferUpdates) {
      sd.getArrForVarName(u.buffer()).assign(values.get(u.newValue()));
    }
    Map<String, Double> losses = new LinkedHashMap<>();
    terms.forEach((label, variable) -> losses.put(label, values.get(variable).getDouble(0)));
    Map<String, INDArray> extras = new LinkedHashMap<>();
    extraOutputs.forEach(name -> extras.put(name, values.get(name)));
    return new Result(losses, extras, grads);
  }

  public static final class Builder {
    private Adam optimizer;
    private String loss;
    private final Map<String, String> terms = new LinkedHashMap<>();
    private final List<Scope.BufferUpdate> bufferUpdates = new ArrayList<>();
    private final List<String> extraOutputs = new ArrayList<>();
    private final List<String> gradientsOf = new ArrayList<>();

    private Builder() {}

    /** The optimiser, whose parameter group (and graph) this step differentiates and updates. */
    public Builder optimizer(Adam optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** The scalar variable minimised. */
    public Builder loss(String lossVariable) {
      this.loss = lossVariable;
      return this;
    }

    /**
     * The loss is {@code objective}'s total and its terms are reported by their weighted values
     * (λₖ·Lₖ, what the official training scripts print).
     */
    public Builder objective(Objective objective) {
      loss(objective.total().name());
      objective.terms().forEach(t -> term(t.name(), t.weightedVariable()));
      return this;
    }

    /**
     * A scalar to report as loss term {@code label} (the total loss is reported as "loss" if none).
     */
    public Builder term(String label, String variable) {
      Preconditions.checkArgument(
          terms.putIfAbsent(label, variable) == null, "term '%s' twice", label);
      return this;
    }

    /** Buffer updates to write back after the step, usually {@code scope.bufferUpdates()}. */
    public Builder bufferUpdates(List<Scope.BufferUpdate> updates) {
      bufferUpdates.addAll(updates);
      return this;
    }

    /** Further outputs of the same forward pass to return (e.g. reconstructions for a preview). */
    public Builder output(String... variables) {
      extraOutputs.addAll(List.of(variables));
      return this;
    }

    /**
     * Further gradients of the loss that every pass computes, for extra terms that read them: of
     * placeholders (an input) or intermediate variables. Asked for at every step, since the graph's
     * gradient function takes its differentiated placeholders from the first.
     */
    public Builder gradientOf(String... variables) {
      gradientsOf.addAll(List.of(variables));
      return this;
    }

    public GradientStep build() {
      return new GradientStep(this);
    }
  }
}

package io.gpunit.models.training.optim;

import com.google.common.base.Preconditions;
import io.gpunit.models.training.checkpoint.Checkpoint;
import io.gpunit.models.training.checkpoint.Stateful;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam for one {@link ParameterGroup}, with {@code torch.optim.Adam}'s update rule (PyTorch 1.13,
 * single-tensor path, no amsgrad), applied in place to the graph's parameter arrays:
 *
 * <pre>
 *   g ← g + λ·p                                  (weight decay, if λ ≠ 0)
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   t ← t + 1
 *   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 *
 * Like PyTorch, the state of a parameter (m, v, t) is created at its first update, and a parameter
 * without a gradient in a step is left alone. The state is exported and imported by name ({@link
 * #stateDict()}): {@code <param>.exp_avg}, {@code <param>.exp_avg_sq}, {@code <param>.step}.
 */
public final class Adam implements Stateful {

  private static final class State {
    final INDArray expAvg;
    final INDArray expAvgSq;
    long step;

    State(INDArray expAvg, INDArray expAvgSq, long step) {
      this.expAvg = expAvg;
      this.expAvgSq = expAvgSq;
      this.step = step;
    }
  }

  private static final String EXP_AVG = ".exp_avg";
  private static final String EXP_AVG_SQ = ".exp_avg_sq";
  private static final String STEP = ".step";

  private final String name;
  private final AdamConfig config;
  private final ParameterGroup parameters;
  private final Map<String, State> state = new LinkedHashMap<>();
  private double lrScale = 1;

  /**
   * @param name names this optimiser's entries in a checkpoint ({@code optim.<name>.<param>...}),
   *     so several optimisers can share one file
   */
  public Adam(String name, AdamConfig config, ParameterGroup parameters) {
    Preconditions.checkArgument(
        name != null && !name.isEmpty() && !name.contains(" "), "bad optimiser name '%s'", name);
    this.name = name;
    this.config = Objects.requireNonNull(config, "config");
    this.parameters = Objects.requireNonNull(parameters, "parameters");
  }

  public String name() {
    return name;
  }

  public AdamConfig config() {
    return config;
  }

  public ParameterGroup parameters() {
    return parameters;
  }

  /**
   * One update of every parameter that has an entry in {@code gradients}; other entries are an
   * error (a gradient for a variable of another network means the step asked for the wrong
   * variables).
   */
  public void step(Map<String, INDArray> gradients) {
    for (String grad : gradients.keySet()) {
      Preconditions.checkArgument(
          parameters.contains(grad),
          "optimiser '%s' got a gradient for '%s', which is not one of its parameters",
          name,
          grad);
    }
    for (String param : parameters.names()) {
      INDArray grad = gradients.get(param);
      if (grad != null) {
        update(param, parameters.array(param), grad);
      }
    }
  }

  private void update(String param, INDArray p, INDArray grad) {
    Preconditions.checkArgument(
        Arrays.equals(p.shape(), grad.shape()) && p.dataType() == grad.dataType(),
        "gradient of '%s' is %s %s, the parameter is %s %s",
        param,
        grad.dataType(),
        Arrays.toString(grad.shape()),
        p.dataType(),
        Arrays.toString(p.shape()));
    State s =
        state.computeIfAbsent(
            param,
            k ->
                new State(
                    Nd4j.zeros(p.dataType(), p.shape()), Nd4j.zeros(p.dataType(), p.shape()), 0));
    // p·λ + g: the same sum as g + λ·p (float addition commutes), in an array of our own.
    INDArray g = config.weightDecay() != 0 ? p.mul(config.weightDecay()).addi(grad) : grad;
    s.step++;
    // libnd4j's fused adam_updater (one op instead of ~10 per parameter) computes
    // lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε') with t = iteration + 1: PyTorch's rule above
    // once ε' = ε·√(1 − β₂ᵗ).
    double epsilon = config.eps() * Math.sqrt(1 - Math.pow(config.beta2(), s.step));
    INDArray update = Nd4j.createUninitialized(p.dataType(), p.shape());
    Nd4j.exec(
        new AdamUpdater(
            g,
            s.expAvgSq,
            s.expAvg,
            update,
            s.expAvgSq,
            s.expAvg,
            config.lr(),
            config.beta1(),
            config.beta2(),
            epsilon,
            Math.toIntExact(s.step - 1)));
    // The update is linear in lr, so the schedule scales it here: given lr 0, libnd4j's op still
    // moved a parameter by 5e-10 (AdamTest).
    p.subi(lrScale == 1 ? update : update.muli(lrScale));
    // Freed now rather than at some later GC: up to two copies of the parameters a step.
    update.close();
    if (g != grad) {
      g.close();
    }
  }

  /**
   * Multiplies the configured learning rate by {@code scale} from the next update on: a schedule's
   * factor, which the trainer sets from the step before each update (so it is not part of the state
   * dict).
   */
  public void scaleLearningRate(double scale) {
    Preconditions.checkArgument(
        scale >= 0 && Double.isFinite(scale), "learning-rate scale must be >= 0, got %s", scale);
    lrScale = scale;
  }

  /** The number of updates parameter {@code param} has had (0 before its first). */
  public long stepCount(String param) {
    Preconditions.checkArgument(
        parameters.contains(param), "'%s' is not a parameter of '%s'", param, name);
    State s = state.get(param);
    return s == null ? 0 : s.step;
  }

  /**
   * A copy of the state, keyed {@code <param>.exp_avg / .exp_avg_sq / .step} (step: LONG scalar).
   */
  public Map<String, INDArray> stateDict() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    state.forEach(
        (param, s) -> {
          out.put(param + EXP_AVG, s.expAvg.dup());
          out.put(param + EXP_AVG_SQ, s.expAvgSq.dup());
          out.put(param + STEP, Nd4j.scalar(DataType.LONG, s.step));
        });
    return out;
  }

  /**
   * Replaces the state by {@code dict} (as {@link #stateDict()} makes it); parameters absent from
   * it start fresh. Unknown keys, partial entries and shape or type mismatches are errors.
   */
  public void loadStateDict(Map<String, INDArray> dict) {
    Map<String, State> loaded = new LinkedHashMap<>();
    for (String key : dict.keySet()) {
      String param = paramOf(key);
      Preconditions.checkArgument(
          param != null && parameters.contains(param),
          "optimiser '%s' state has entry '%s', which belongs to none of its parameters",
          name,
          key);
    }
    for (String param : parameters.names()) {
      INDArray m = dict.get(param + EXP_AVG);
      INDArray v = dict.get(param + EXP_AVG_SQ);
      INDArray t = dict.get(param + STEP);
      if (m == null && v == null && t == null) {
        continue;
      }
      Preconditions.checkArgument(
          m != null && v != null && t != null,
          "optimiser '%s' state for '%s' is incomplete: needs %s, %s and %s",
          name,
          param,
          param + EXP_AVG,
          param + EXP_AVG_SQ,
          param + STEP);
      INDArray p = parameters.array(param);
      loaded.put(
          param,
          new State(
              checked(param + EXP_AVG, m, p), checked(param + EXP_AVG_SQ, v, p), t.getLong(0)));
    }
    state.clear();
    state.putAll(loaded);
  }

  @Override
  public void saveTo(Checkpoint.Builder checkpoint) {
    stateDict().forEach((key, value) -> checkpoint.tensor(prefix() + key, value));
  }

  @Override
  public void loadFrom(Checkpoint checkpoint) {
    Map<String, INDArray> dict = new LinkedHashMap<>();
    for (String key : checkpoint.tensorNames()) {
      if (key.startsWith(prefix())) {
        dict.put(key.substring(prefix().length()), checkpoint.tensor(key));
      }
    }
    loadStateDict(dict);
  }

  private String prefix() {
    return "optim." + name + ".";
  }

  private static String paramOf(String key) {
    for (String suffix : new String[] {EXP_AVG_SQ, EXP_AVG, STEP}) {
      if (key.endsWith(suffix)) {
        return key.substring(0, key.length() - suffix.length());
      }
    }
    return null;
  }

  private INDArray checked(String key, INDArray value, INDArray param) {
    Preconditions.checkArgument(
        Arrays.equals(value.shape(), param.shape()),
        "optimiser '%s' state '%s' has shape %s, the parameter has %s",
        name,
        key,
        Arrays.toString(value.shape()),
        Arrays.toString(param.shape()));
    return value.dataType() == param.dataType() ? value.dup() : value.castTo(param.dataType());
  }
}

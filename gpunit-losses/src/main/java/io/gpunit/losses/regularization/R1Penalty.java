package io.gpunit.losses.regularization;

import com.google.common.base.Preconditions;
import io.gpunit.core.memory.Backprop;
import io.gpunit.losses.Loss;
import io.gpunit.losses.Reduction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The R1 gradient penalty on real images (Mescheder et al. 2018, eq. 9; GP-UNIT's {@code r1_reg}):
 *
 * <pre>
 *   R1(θ) = γ · ½ · E_n ‖∇ₓ D_θ(x)_n‖²      (E_n over the batch; Σ_n with {@link Reduction#SUM})
 * </pre>
 *
 * <h2>Why this is a procedure and not a graph node</h2>
 *
 * R1's parameter gradient needs the derivative of a gradient. SameDiff 1.0.0-M2.1 cannot do that:
 * the backward pass lives in a separate "grad" function graph, ops added to a gradient variable
 * land there, and differentiating that graph again fails (deeplearning4j issue #9710 "Support for
 * using sd.grad output as an intermediate variable", open; re-differentiating it throws "Another
 * variable with the name one-var already exists" in our experiment), and the {@code *_bp} ops have
 * no derivatives of their own. So R1 is computed with first-order autodiff only:
 *
 * <ol>
 *   <li>g = ∇ₓ Σ D(x), from {@code sd.calculateGradients} w.r.t. the input placeholder; the value
 *       is γ·½·E_n‖g_n‖², exact.
 *   <li>∇_θ R1 = (γ/N) · (∂g/∂θ)ᵀ g is a Hessian-vector product in the direction g, taken by
 *       central differences of first-order parameter gradients:
 *       <pre>
 *   ∇_θ R1 ≈ (γ/N) · [∇_θ ΣD(x + εg) − ∇_θ ΣD(x − εg)] / (2ε)
 *       </pre>
 *       (N → 1 with SUM), ε = {@code step} / max|g|, so the largest pixel moves by {@code step}.
 * </ol>
 *
 * <p>How exact that is depends on D. For a smooth D the error is O(ε²) truncation plus rounding
 * ~u/ε (float64 with step ~1e-5 is good to ~1e-6). A LeakyReLU D, though, is piecewise affine in x,
 * and no step is both small enough to stay on x's piece and large enough for float32 rounding (on a
 * small GP-UNIT discriminator, step 1e-2 in float32 was off by 26% to 3,200% rel-L2 per parameter
 * tensor; R1GradientTest in gpunit-models). Such a D is better given by its <em>linear part</em> at
 * the real batch — D with its LeakyReLU slopes taken at x and held constant, as PyTorch's double
 * backward treats them, and without its biases: logits L_θ linear in the input, with D's input
 * gradient g at x. Then {@link #computeFromLinearPart} gives the parameter gradient exactly, and in
 * one parameter gradient instead of two:
 *
 * <pre>
 *   ΣL_θ(x) = ⟨g(θ), x⟩,   so at fixed g   ∇_θ R1 = (γ/N)·(∂g/∂θ)ᵀ g = (γ/N)·∇_θ ΣL_θ(g)
 * </pre>
 *
 * {@code Discriminator.linearPartWithFedSlopes} in gpunit-models builds that graph; the slopes are
 * placeholders that go in {@code feeds}.
 *
 * <p>{@link #compute} returns the value and, per parameter, the gradient array a trainer adds to
 * D's gradients before the optimiser step.
 *
 * <p>The graph passed in must be D applied to the real-image placeholder; the procedure makes
 * {@code Σ logits} its loss variable, so it must have no other loss (give R1 its own graph, sharing
 * D's parameter values by name).
 */
public final class R1Penalty implements Loss {

  /**
   * One evaluation: the weighted value γ·raw, the raw value ½·E‖g‖², and ∇_θ of the weighted value
   * per parameter name.
   */
  public record Result(double value, double raw, Map<String, INDArray> gradients) {}

  private final String name;
  private final double gamma;
  private final Reduction reduction;
  private final double step;

  private R1Penalty(Builder b) {
    this.name = b.name;
    this.gamma = b.gamma;
    this.reduction = b.reduction;
    this.step = b.step;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /** γ. */
  @Override
  public double weight() {
    return gamma;
  }

  /** Over the batch: E_n (MEAN) or Σ_n (SUM); within a sample ‖g_n‖² is always a sum. */
  @Override
  public Reduction reduction() {
    return reduction;
  }

  /** The largest input-pixel perturbation of the Hessian-vector product. */
  public double step() {
    return step;
  }

  /**
   * {@link #compute(SameDiff, String, SDVariable, INDArray, Map, Collection)} for every VARIABLE.
   */
  public Result compute(
      SameDiff sd,
      String input,
      SDVariable logits,
      INDArray realImages,
      Map<String, INDArray> feeds) {
    List<String> all = new ArrayList<>();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE) {
        all.add(v.name());
      }
    }
    return compute(sd, input, logits, realImages, feeds, all);
  }

  /**
   * Evaluates R1 at {@code realImages} and its gradient w.r.t. {@code parameters}.
   *
   * @param sd the discriminator's graph for R1 (see the class comment)
   * @param input the placeholder D reads the images from
   * @param logits D's output on {@code input}, any shape with the batch first
   * @param realImages the real batch [N, ...]
   * @param feeds any other placeholders D needs (may be empty)
   * @param parameters the variables to differentiate R1 with respect to
   */
  public Result compute(
      SameDiff sd,
      String input,
      SDVariable logits,
      INDArray realImages,
      Map<String, INDArray> feeds,
      Collection<String> parameters) {
    long n = realImages.size(0);
    INDArray g = inputGradient(sd, input, logits, realImages, feeds);
    double raw = raw(g);

    double maxAbs = g.amaxNumber().doubleValue();
    Map<String, INDArray> grads = new LinkedHashMap<>();
    if (maxAbs == 0) {
      for (String p : parameters) {
        grads.put(p, sd.getVariable(p).getArr().like());
      }
      return new Result(gamma * raw, raw, grads);
    }
    double eps = step / maxAbs;
    Map<String, INDArray> plus =
        gradients(sd, feeds, input, realImages.add(g.mul(eps)), parameters);
    Map<String, INDArray> minus =
        gradients(sd, feeds, input, realImages.sub(g.mul(eps)), parameters);
    double scale = gamma / (reduction == Reduction.MEAN ? n : 1) / (2 * eps);
    for (String p : parameters) {
      INDArray gp = plus.get(p);
      INDArray gm = minus.get(p);
      Preconditions.checkState(gp != null && gm != null, "R1: no gradient for parameter '%s'", p);
      grads.put(p, gp.sub(gm).muli(scale));
    }
    return new Result(gamma * raw, raw, grads);
  }

  /**
   * R1 at {@code realImages} and its exact gradient w.r.t. {@code parameters}, for a D given by its
   * linear part at the real batch (see the class comment): {@code linearLogits} must be linear in
   * {@code input} at the given {@code feeds}. Costs one input gradient and one parameter gradient
   * of that graph; {@link #fromInputGradient} saves the first where g is known already.
   */
  public Result computeFromLinearPart(
      SameDiff sd,
      String input,
      SDVariable linearLogits,
      INDArray realImages,
      Map<String, INDArray> feeds,
      Collection<String> parameters) {
    INDArray g = inputGradient(sd, input, linearLogits, realImages, feeds);
    return fromInputGradient(sd, input, linearLogits, g, feeds, parameters);
  }

  /**
   * R1 and its exact gradient w.r.t. {@code parameters} from g = ∇ₓ ΣD(x) at the real batch [N,
   * ...] and D's linear part there ({@code linearLogits}, linear in {@code input} at {@code
   * feeds}): one parameter gradient of the linear part, at input g. A parameter the linear part
   * does not read (a bias) gets an exact zero: ∇ₓD does not depend on it.
   */
  public Result fromInputGradient(
      SameDiff sd,
      String input,
      SDVariable linearLogits,
      INDArray g,
      Map<String, INDArray> feeds,
      Collection<String> parameters) {
    for (String p : parameters) {
      Preconditions.checkArgument(sd.hasVariable(p), "R1: the graph has no parameter '%s'", p);
    }
    lossOfOwnGraph(sd, linearLogits);
    double raw = raw(g);
    // The input is differentiated too (its gradient unused, nearly free): the graph's gradient
    // function is built at the first call, and a later computeFromLinearPart needs the input in it.
    List<String> wrt = new ArrayList<>(parameters);
    wrt.add(input);
    // g is copied: it is the graph's input now, and a session may reuse its output buffers.
    Map<String, INDArray> atG = gradients(sd, feeds, input, g.dup(), wrt);
    double scale = gamma / (reduction == Reduction.MEAN ? g.size(0) : 1);
    Map<String, INDArray> grads = new LinkedHashMap<>();
    for (String p : parameters) {
      INDArray gp = atG.get(p);
      grads.put(p, gp == null ? sd.getVariable(p).getArr().like() : gp.mul(scale));
    }
    return new Result(gamma * raw, raw, grads);
  }

  /**
   * g = ∇ₓ ΣD(x) from the gradients of a loss L that reads each sample x_n only through its logit
   * D(x_n) (the discriminator's adversarial loss): by the chain rule ∂L/∂x_n = (∂L/∂D(x_n))·g_n, so
   * g_n is ∂L/∂x_n divided by that scalar. Empty where some |∂L/∂D(x_n)| is below 1e-20 (a logit so
   * confident that the quotient would lose precision); compute g with its own pass there.
   *
   * @param lossGradient ∂L/∂x [N, ...]
   * @param logitGradient ∂L/∂D(x) [N]
   */
  public static Optional<INDArray> inputGradientFromLoss(
      INDArray lossGradient, INDArray logitGradient) {
    long n = lossGradient.size(0);
    Preconditions.checkArgument(
        logitGradient.length() == n,
        "R1: %s logit gradients for a batch of %s",
        logitGradient.length(),
        n);
    INDArray perSample = logitGradient.reshape(n);
    if (Transforms.abs(perSample).minNumber().doubleValue() < 1e-20) {
      return Optional.empty();
    }
    long[] shape = new long[lossGradient.rank()];
    Arrays.fill(shape, 1);
    shape[0] = n;
    return Optional.of(lossGradient.div(perSample.reshape(shape)));
  }

  /**
   * The weighted value γ·½·E_n‖∇ₓD(x)_n‖² alone, from one first-order gradient (no Hessian-vector
   * product): what a finite-difference check of {@link #compute}'s gradients differentiates.
   */
  public double value(
      SameDiff sd,
      String input,
      SDVariable logits,
      INDArray realImages,
      Map<String, INDArray> feeds) {
    return gamma * raw(inputGradient(sd, input, logits, realImages, feeds));
  }

  /** ½·E_n‖g_n‖² (Σ_n with SUM). */
  private double raw(INDArray g) {
    INDArray perSample = g.mul(g).reshape(g.size(0), -1).sum(1);
    double squaredNorms =
        reduction == Reduction.MEAN
            ? perSample.meanNumber().doubleValue()
            : perSample.sumNumber().doubleValue();
    return 0.5 * squaredNorms;
  }

  /** g = ∇ₓ Σ D(x), after making Σ logits the graph's loss. */
  private static INDArray inputGradient(
      SameDiff sd,
      String input,
      SDVariable logits,
      INDArray realImages,
      Map<String, INDArray> feeds) {
    Preconditions.checkArgument(
        sd.hasVariable(input) && sd.getVariable(input).isPlaceHolder(),
        "R1: '%s' is not a placeholder of the discriminator graph",
        input);
    Preconditions.checkArgument(realImages.rank() >= 2, "R1: real images need a batch dimension");
    Preconditions.checkArgument(
        realImages.dataType().isFPType(), "R1: real images must be floating point");
    lossOfOwnGraph(sd, logits);
    return gradients(sd, feeds, input, realImages, List.of(input)).get(input);
  }

  /** Makes Σ logits the loss of {@code sd}, which must have no other. */
  private static void lossOfOwnGraph(SameDiff sd, SDVariable logits) {
    String sumName = logits.name() + "/r1_sum";
    if (!sd.hasVariable(sumName)) {
      logits.sum().rename(sumName);
    }
    List<String> losses = sd.getLossVariables();
    Preconditions.checkArgument(
        losses.isEmpty() || losses.equals(List.of(sumName)),
        "R1 needs a graph of its own: this graph already has the loss variables %s",
        losses);
    if (losses.isEmpty()) {
      // Only once: M2.1's setLossVariables drops the graph's gradient function, even for the same
      // loss, and rebuilding it differentiated all of D again at every step.
      sd.setLossVariables(sumName);
    }
  }

  private static Map<String, INDArray> gradients(
      SameDiff sd,
      Map<String, INDArray> feeds,
      String input,
      INDArray images,
      Collection<String> wrt) {
    Map<String, INDArray> all = new HashMap<>(feeds);
    all.put(input, images);
    return Backprop.gradients(sd, all, wrt);
  }

  /** Builds an {@link R1Penalty}; defaults: name {@code "r1"}, γ = 1, MEAN, step 1e-2. */
  public static final class Builder {
    private String name = "r1";
    private double gamma = 1.0;
    private Reduction reduction = Reduction.MEAN;
    private double step = 1e-2;

    private Builder() {}

    public Builder name(String value) {
      Preconditions.checkArgument(value != null && !value.isBlank(), "name must not be empty");
      this.name = value;
      return this;
    }

    /** γ, the weight (GP-UNIT and StarGAN v2 use 1). */
    public Builder gamma(double value) {
      Preconditions.checkArgument(Double.isFinite(value), "gamma must be finite, got %s", value);
      this.gamma = value;
      return this;
    }

    public Builder reduction(Reduction value) {
      Preconditions.checkArgument(value != null, "reduction must not be null");
      this.reduction = value;
      return this;
    }

    /** The largest input-pixel perturbation εmax|g| of the Hessian-vector product (&gt; 0). */
    public Builder step(double value) {
      Preconditions.checkArgument(
          value > 0 && Double.isFinite(value), "step must be > 0, got %s", value);
      this.step = value;
      return this;
    }

    public R1Penalty build() {
      return new R1Penalty(this);
    }
  }
}

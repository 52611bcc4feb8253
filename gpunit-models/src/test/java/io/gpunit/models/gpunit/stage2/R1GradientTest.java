package io.gpunit.models.gpunit.stage2;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.memory.Backprop;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.regularization.R1Penalty;
import io.gpunit.models.gpunit.Discriminator;
import io.gpunit.models.gpunit.DiscriminatorConfig;
import io.gpunit.models.gpunit.SpectralNormVectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * R1's gradient with respect to D's parameters, as the trainer computes it (float32, from D's
 * linear part at the real batch), against an independent reference: central differences of the
 * penalty's value R1(θ) = ½·E_n‖∇ₓD_θ(x)_n‖² over the parameters, in float64, on a small GP-UNIT
 * discriminator (8², widths 4 → 8) with fixed spectral-norm vectors.
 *
 * <p>Reference error: R1 is smooth in θ between activation-pattern changes, so the central
 * difference with h = 1e-6 (parameters O(0.1)) has truncation ~h²·R1‴ ≈ 1e-12 and rounding
 * ~1e-16·R1/h ≈ 1e-10 relative; both far below the 1e-3 bound checked.
 */
class R1GradientTest {

  private static final int BATCH = 2;
  private static final int SIZE = 8;
  private static final double H = 1e-6;

  /**
   * D on placeholder "x" with its pre-activations, or D's linear part on "x" with its slopes fed by
   * {@code lin}.
   */
  private record Net(
      SameDiff sd,
      SDVariable logits,
      List<String> preActivations,
      List<String> parameters,
      LinearisedDiscriminator lin) {

    static Net of(DataType type, boolean linearised) {
      SameDiff sd = SameDiff.create();
      Scope root = Scope.root(sd, Mode.INFERENCE, type, 5);
      SDVariable x = sd.placeHolder("x", type, BATCH, 3, SIZE, SIZE);
      Discriminator d =
          new Discriminator(
              DiscriminatorConfig.builder().dimIn(4).maxConvDim(8).resolution(SIZE).build());
      LinearisedDiscriminator lin =
          linearised ? new LinearisedDiscriminator(d, root.child("d"), x, "slope") : null;
      Discriminator.Output out = linearised ? null : d.apply(root.child("d"), x);
      SDVariable logits = linearised ? lin.linearPart() : out.logit();
      List<String> pre =
          linearised ? List.of() : out.preActivations().stream().map(SDVariable::name).toList();
      List<String> parameters = new ArrayList<>(StageTwoWeights.export(sd, "d.").keySet());
      parameters.removeIf(n -> n.endsWith("_u") || n.endsWith("_v"));
      return new Net(sd, logits, pre, parameters.stream().map(n -> "d." + n).toList(), lin);
    }

    /** Sets every variable from {@code weights} (full names), cast to this graph's type. */
    void load(Map<String, INDArray> weights) {
      StageTwoWeights.assign(sd, "d.", weights);
    }
  }

  /**
   * The trainer's path: D's update pass over real images x (here with D's loss softplus(−D(x)) on
   * them) gives D's pre-activations at x and the loss's gradients w.r.t. x and the logits, hence g
   * = ∇ₓΣD; R1 then takes one parameter gradient of D's linear part at input g. With {@code
   * ownPass}, g comes from the linear part's own input gradient instead (the trainer's fallback).
   */
  private static Map<String, INDArray> trainersR1Gradients(
      Map<String, INDArray> weights, INDArray x, boolean ownPass) {
    Net d = Net.of(DataType.FLOAT, false);
    d.load(weights);
    SDVariable loss = d.sd().nn().softplus(d.logits().neg()).mean();
    d.sd().setLossVariables(loss);
    OutAndGrad pass =
        Backprop.outputsAndGradients(
            d.sd(), Map.of("x", x), d.preActivations(), List.of("x", d.logits().name()));
    List<INDArray> preActivations =
        d.preActivations().stream().map(pass.getOutputs()::get).toList();

    Net linear = Net.of(DataType.FLOAT, true);
    linear.load(weights);
    Map<String, INDArray> feeds = linear.lin().feeds(preActivations, 0, BATCH);
    R1Penalty r1 = R1Penalty.builder().build();
    if (ownPass) {
      return r1.computeFromLinearPart(
              linear.sd(), "x", linear.logits(), x, feeds, linear.parameters())
          .gradients();
    }
    INDArray g =
        R1Penalty.inputGradientFromLoss(
                pass.getGradients().get("x"), pass.getGradients().get(d.logits().name()))
            .orElseThrow();
    return r1.fromInputGradient(linear.sd(), "x", linear.logits(), g, feeds, linear.parameters())
        .gradients();
  }

  @Test
  void theTrainersR1GradientMatchesFiniteDifferencesOfR1() {
    Net reference = Net.of(DataType.DOUBLE, false);
    // Converged-ish spectral-norm vectors (random ones make σ tiny and R1 huge); values exact in
    // float32, so that both precisions compute with the same numbers.
    Map<String, INDArray> local = StageTwoWeights.export(reference.sd(), "d.");
    SpectralNormVectors vectors = new SpectralNormVectors(local, "");
    for (int i = 0; i < 10; i++) {
      vectors.advance();
    }
    vectors.vectors().forEach((k, v) -> local.get(k).assign(v));
    Map<String, INDArray> weights = new LinkedHashMap<>();
    local.forEach(
        (k, v) -> weights.put("d." + k, v.castTo(DataType.FLOAT).castTo(DataType.DOUBLE)));
    reference.load(weights);
    Nd4j.getRandom().setSeed(17);
    INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 3, SIZE, SIZE).muli(2).subi(1);
    INDArray x64 = x.castTo(DataType.DOUBLE);

    Map<String, INDArray> exact = trainersR1Gradients(weights, x, false);
    Map<String, INDArray> ownPass = trainersR1Gradients(weights, x, true);
    Net plain = Net.of(DataType.FLOAT, false);
    plain.load(weights);
    Map<String, INDArray> previous =
        R1Penalty.builder()
            .step(1e-2)
            .build()
            .compute(plain.sd(), "x", plain.logits(), x, Map.of(), plain.parameters())
            .gradients();

    StringBuilder report = new StringBuilder();
    double worst = 0;
    double worstOwnPass = 0;
    double worstPrevious = 0;
    double largestZero = 0;
    double scale = 0;
    for (String p : reference.parameters()) {
      INDArray param = reference.sd().getArrForVarName(p);
      List<Double> numeric = new ArrayList<>();
      List<Double> ours = new ArrayList<>();
      List<Double> own = new ArrayList<>();
      List<Double> old = new ArrayList<>();
      for (long i : new long[] {0, param.length() / 2, param.length() - 1}) {
        double original = param.getDouble(i);
        param.putScalar(i, original + H);
        double plus = r1(reference, x64);
        param.putScalar(i, original - H);
        double minus = r1(reference, x64);
        param.putScalar(i, original);
        numeric.add((plus - minus) / (2 * H));
        // The linear part has no biases, and no R1 gradient for them.
        ours.add(exact.containsKey(p) ? exact.get(p).getDouble(i) : 0);
        own.add(ownPass.containsKey(p) ? ownPass.get(p).getDouble(i) : 0);
        old.add(previous.get(p).getDouble(i));
      }
      if (numeric.stream().allMatch(v -> v == 0)) {
        // A bias: ∇ₓD does not depend on it (between kinks), so its R1 gradient is exactly 0.
        double largest =
            Stream.concat(ours.stream(), own.stream()).mapToDouble(Math::abs).max().orElseThrow();
        largestZero = Math.max(largestZero, largest);
        report.append(
            String.format(Locale.ROOT, "%-28s exactly 0; ours at most %.2e%n", p, largest));
        continue;
      }
      scale = Math.max(scale, numeric.stream().mapToDouble(Math::abs).max().orElseThrow());
      double err = relL2(ours, numeric);
      double errOwnPass = relL2(own, numeric);
      double errPrevious = relL2(old, numeric);
      worst = Math.max(worst, err);
      worstOwnPass = Math.max(worstOwnPass, errOwnPass);
      worstPrevious = Math.max(worstPrevious, errPrevious);
      report.append(
          String.format(
              Locale.ROOT,
              "%-28s rel-L2 %.2e (g from its own pass: %.2e; plain D, step 1e-2: %.2e)"
                  + "  reference %s%n",
              p,
              err,
              errOwnPass,
              errPrevious,
              numeric));
    }
    report.append(
        String.format(
            Locale.ROOT,
            "R1 gradient, largest rel-L2 per tensor: %.2e (g from its own pass: %.2e; the former"
                + " plain-D float32 central difference: %.2e)%n",
            worst,
            worstOwnPass,
            worstPrevious));
    System.out.print(report);
    assertThat(worst).as(report.toString()).isLessThan(1e-3);
    assertThat(worstOwnPass).as(report.toString()).isLessThan(1e-3);
    assertThat(largestZero).as(report.toString()).isLessThan(1e-6 * scale);
  }

  /** R1(θ) = ½·E_n‖∇ₓD(x)_n‖², from a first-order gradient only (exact). */
  private static double r1(Net net, INDArray x) {
    return R1Penalty.builder().build().value(net.sd(), "x", net.logits(), x, Map.of());
  }

  private static double relL2(List<Double> a, List<Double> b) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < a.size(); i++) {
      num += (a.get(i) - b.get(i)) * (a.get(i) - b.get(i));
      den += b.get(i) * b.get(i);
    }
    return Math.sqrt(num / den);
  }
}

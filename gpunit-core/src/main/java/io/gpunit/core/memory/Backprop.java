package io.gpunit.core.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients of a graph's loss that free each intermediate array as soon as the backward pass no
 * longer needs it: {@code sd.calculateGradientsAndOutputs} as ND4J 1.0.0-M2.1 should run it.
 *
 * <p>M2.1's {@code calculateGradients*} switch their gradient function's {@code enableCache} flag
 * off before every run, and its {@code InferenceSession} releases an op's output once all its
 * consumers have run only when that flag is on. So every activation and every gradient of a step
 * stayed allocated until Java collected the arrays, after the step: ~1.2 GB above the settled run
 * for a 64² GP-UNIT stage-2 step, ~1.4 GB for a stage-1 step ({@code StepMemoryProfile}). This
 * class runs the same gradient function with the flag on. With SameDiff's array cache off ({@link
 * SameDiffArrayCache}, as every trainer runs) a released array is closed at once; with the cache
 * on, the flag stays as M2.1 sets it, since the cache would keep every released array instead. The
 * session's record of released arrays is cleared after each call ({@link Sessions}).
 */
public final class Backprop {

  /** The name M2.1 gives a graph's gradient function ({@code SameDiff.GRAD_FN_KEY}). */
  private static final String GRAD_FN = "grad";

  private Backprop() {}

  /**
   * The values of {@code outputs} and the gradients of the graph's loss variables with respect to
   * {@code wrt} (a variable the loss does not depend on gets no entry), like {@code
   * sd.calculateGradientsAndOutputs(placeholders, outputs, wrt)}. The graph's gradient function is
   * built once, by the first call: a placeholder gets a gradient only if that call asks for it.
   */
  public static OutAndGrad outputsAndGradients(
      SameDiff sd,
      Map<String, INDArray> placeholders,
      Collection<String> outputs,
      Collection<String> wrt) {
    return outputsAndGradients(sd, placeholders, List.of(), outputs, wrt);
  }

  /**
   * As {@link #outputsAndGradients(SameDiff, Map, Collection, Collection)}, with placeholders
   * computed within the pass from its own values ({@link DeferredInput}).
   */
  public static OutAndGrad outputsAndGradients(
      SameDiff sd,
      Map<String, INDArray> placeholders,
      List<DeferredInput> deferred,
      Collection<String> outputs,
      Collection<String> wrt) {
    if (sd.getFunction(GRAD_FN) == null) {
      // Placeholders asked for are named: M2.1 otherwise differentiates an op only when a trainable
      // variable feeds it, so a placeholder whose first consumer has none (a fixed filter, a
      // constant scale) would get no gradient.
      String[] placeholderInputs =
          wrt.stream().filter(name -> sd.getVariable(name).isPlaceHolder()).toArray(String[]::new);
      sd.createGradFunction(placeholderInputs.length == 0 ? null : placeholderInputs);
    }
    List<String> requested = new ArrayList<>(outputs);
    Map<String, String> gradientOf = new LinkedHashMap<>();
    for (String name : wrt) {
      SDVariable gradient = sd.getVariable(name).getGradient();
      if (gradient != null) {
        gradientOf.put(name, gradient.name());
        requested.add(gradient.name());
      }
    }
    SameDiff gradFn = sd.getFunction(GRAD_FN);
    gradFn.setEnableCache(!SameDiffArrayCache.enabled());
    Map<String, INDArray> values =
        Sessions.output(gradFn, placeholders, deferred, requested.toArray(String[]::new));
    Map<String, INDArray> outs = new LinkedHashMap<>();
    outputs.forEach(name -> outs.put(name, values.get(name)));
    Map<String, INDArray> grads = new LinkedHashMap<>();
    gradientOf.forEach((name, gradient) -> grads.put(name, values.get(gradient)));
    return new OutAndGrad(outs, grads);
  }

  /**
   * The gradients of the graph's loss with respect to {@code wrt}, like {@code
   * sd.calculateGradients(placeholders, wrt)}.
   */
  public static Map<String, INDArray> gradients(
      SameDiff sd, Map<String, INDArray> placeholders, Collection<String> wrt) {
    return outputsAndGradients(sd, placeholders, List.of(), wrt).getGradients();
  }
}

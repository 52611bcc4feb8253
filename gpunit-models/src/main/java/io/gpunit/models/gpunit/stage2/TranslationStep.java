package io.gpunit.models.gpunit.stage2;

import io.gpunit.models.training.optim.GradientStep;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one stage-2 iteration ({@link GpUnitTrainer#iterate}) computed: to inspect a run, to debug a
 * recipe, or to compare it with the official {@code train.py} step by step.
 *
 * @param losses every term by name, weighted (λ·L), in order: the G step's, then {@code d_adv} and
 *     {@code r1}
 * @param outputs the tensors below, under these keys; those of terms that are off are absent
 * @param generatorGradients ∂L_G/∂θ_G per G parameter (graph names, {@code g.<state_dict key>}),
 *     before the update; a parameter the loss does not reach has no entry and was not updated
 * @param discriminatorGradients ∂(L_D + R1)/∂θ_D per D parameter ({@code d.<key>}), likewise
 */
public record TranslationStep(
    Map<String, Double> losses,
    Map<String, INDArray> outputs,
    Map<String, INDArray> generatorGradients,
    Map<String, INDArray> discriminatorGradients) {

  /** ŷ = G(E_c(x), E_s(y')) [N, 3, S, S] in the G step. */
  public static final String TRANSLATION = "yhat";

  /** ȳ = G(E_c(y), E_s(y')), the reconstruction, in the G step. */
  public static final String RECONSTRUCTION = "ybar";

  /** Prefix of ŷ's dynamic-skip masks: {@code mask0} (16²), {@code mask1} (32²). */
  public static final String MASK = "mask";

  /** D(ŷ) [N] in the G step. */
  public static final String FAKE_LOGITS = "fake_logits";

  /**
   * What the D step sees as fake: ŷ recomputed by G after its update, or ŷ itself without {@link
   * GpUnitTrainerConfig#freshFakesForDiscriminator()}.
   */
  public static final String UPDATED_TRANSLATION = "yhat_after_g_step";

  /** D({@link #UPDATED_TRANSLATION}) [N] in the D step. */
  public static final String D_FAKE_LOGITS = "d_fake_logits";

  /** D(y) [N] in the D step. */
  public static final String D_REAL_LOGITS = "d_real_logits";

  public TranslationStep {
    losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    generatorGradients = Collections.unmodifiableMap(new LinkedHashMap<>(generatorGradients));
    discriminatorGradients =
        Collections.unmodifiableMap(new LinkedHashMap<>(discriminatorGradients));
  }

  /**
   * The step from the G update's and the D update's results (graph names: {@code fake}, {@code
   * recon}, {@code mask0}, {@code mask1}, {@code fake_logits}, {@code real_logits}) and ŷ after G's
   * update.
   */
  static TranslationStep of(
      Map<String, Double> losses,
      GradientStep.Result g,
      INDArray updatedTranslation,
      GradientStep.Result d) {
    Map<String, INDArray> outputs = new LinkedHashMap<>();
    putIfPresent(outputs, TRANSLATION, g, DiscriminatorUpdate.FAKE);
    putIfPresent(outputs, RECONSTRUCTION, g, GeneratorUpdate.RECON);
    putIfPresent(outputs, MASK + 0, g, GeneratorUpdate.MASK + 0);
    putIfPresent(outputs, MASK + 1, g, GeneratorUpdate.MASK + 1);
    putIfPresent(outputs, FAKE_LOGITS, g, DiscriminatorUpdate.FAKE_LOGITS);
    outputs.put(UPDATED_TRANSLATION, updatedTranslation);
    outputs.put(D_FAKE_LOGITS, d.outputs().get(DiscriminatorUpdate.FAKE_LOGITS));
    outputs.put(D_REAL_LOGITS, d.outputs().get(DiscriminatorUpdate.REAL_LOGITS));
    return new TranslationStep(losses, outputs, g.gradients(), d.gradients());
  }

  /** G's output {@code name} under {@code key}, when the term that makes it is on. */
  private static void putIfPresent(
      Map<String, INDArray> out, String key, GradientStep.Result g, String name) {
    INDArray value = g.outputs().get(name);
    if (value != null) {
      out.put(key, value);
    }
  }
}

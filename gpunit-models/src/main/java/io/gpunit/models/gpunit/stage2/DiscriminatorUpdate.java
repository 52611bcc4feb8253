package io.gpunit.models.gpunit.stage2;

import static io.gpunit.core.nn.BatchRows.rows;

import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.adversarial.NonSaturatingLoss;
import io.gpunit.losses.objective.Objective;
import io.gpunit.losses.regularization.R1Penalty;
import io.gpunit.models.gpunit.Discriminator;
import io.gpunit.models.training.OfficialInit;
import io.gpunit.models.training.checkpoint.GraphVariables;
import io.gpunit.models.training.checkpoint.Stateful;
import io.gpunit.models.training.optim.Adam;
import io.gpunit.models.training.optim.GradientStep;
import io.gpunit.models.training.optim.ParameterGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * D's update: L_D = softplus(−D(y)) + softplus(D(ŷ')) + R1, one Adam step, on a graph of its own.
 * The other graphs that hold a copy of D (R1's, and G's when its losses read D) are brought up to
 * date after every change, since M2.1 graphs cannot share arrays.
 */
final class DiscriminatorUpdate {

  static final String FAKE = "fake";
  static final String REAL = "real";
  static final String FAKE_LOGITS = "fake_logits";
  static final String REAL_LOGITS = "real_logits";

  /** What one update computed: the step's losses, outputs and gradients, and R1 (NaN when off). */
  record Result(GradientStep.Result step, double r1) {}

  private final String prefix;
  private final Scope root;
  private final Adam adam;
  private final GradientStep step;
  private final R1Term r1;
  private final List<String> preActivations = new ArrayList<>();
  private final List<String> variables;
  private final List<SameDiff> copies = new ArrayList<>();

  /**
   * @param prefix the scope D's variables live under (in every graph)
   * @param initial D's starting tensors under {@code state_dict} names, or null for the seeded
   *     initialisation ({@code train.py}'s with {@link GpUnitTrainerConfig#officialInit()})
   */
  DiscriminatorUpdate(
      Discriminator discriminator,
      String prefix,
      GpUnitTrainerConfig config,
      int size,
      Map<String, INDArray> initial) {
    this.prefix = prefix;
    this.root = Scope.root(SameDiff.create(), Mode.TRAINING, config.seed());
    Objective objective = objective(discriminator, config.batchSize(), size);
    if (initial != null) {
      StageTwoWeights.load(root.sd(), prefix, initial);
    } else if (config.officialInit()) {
      OfficialInit.KAIMING.apply(root.sd(), prefix + ".", config.seed());
    }
    this.adam =
        new Adam(prefix, config.discriminatorAdam(), ParameterGroup.withPrefix(root, prefix + "."));
    this.r1 =
        config.r1Gamma() > 0
            ? new R1Term(
                discriminator,
                prefix,
                config.batchSize(),
                size,
                config.r1Gamma() * config.r1Interval(),
                config.seed())
            : null;
    GradientStep.Builder step =
        GradientStep.builder()
            .optimizer(adam)
            .objective(objective)
            .bufferUpdates(root.bufferUpdates())
            .output(FAKE_LOGITS, REAL_LOGITS);
    if (r1 != null) {
      // R1 reads its g from the pass: ∂L/∂y and ∂L/∂D(y) (R1Term).
      step.gradientOf(REAL, REAL_LOGITS);
    }
    this.step = step.build();
    this.variables = GraphVariables.withPrefix(root, prefix + ".").names();
    if (r1 != null) {
      copies.add(r1.graph());
    }
    syncFrom(root.sd());
  }

  private Objective objective(Discriminator discriminator, int b, int size) {
    SameDiff sd = root.sd();
    SDVariable fake = sd.placeHolder(FAKE, DataType.FLOAT, b, 3, size, size);
    SDVariable real = sd.placeHolder(REAL, DataType.FLOAT, b, 3, size, size);
    Discriminator.Output d = discriminator.apply(root.child(prefix), sd.concat(0, fake, real));
    d.preActivations().forEach(h -> preActivations.add(h.name()));
    SDVariable logits = d.logit();
    SDVariable fakeLogits = rows(logits, 1, 0, b).rename(FAKE_LOGITS);
    SDVariable realLogits = rows(logits, 1, b, 2L * b).rename(REAL_LOGITS);
    SDVariable loss = NonSaturatingLoss.builder().build().discriminator(sd, realLogits, fakeLogits);
    return Objective.builder(sd).add("d_adv", 1, loss).build("d_loss");
  }

  /** Keeps {@code graph}'s copy of D equal to this one (G's graph, when its losses read D). */
  void share(SameDiff graph) {
    copies.add(graph);
    syncFrom(root.sd());
  }

  /** Whether {@code graph} holds a copy of D. */
  boolean isIn(SameDiff graph) {
    return graph.hasVariable(variables.get(0));
  }

  /**
   * One update on translations {@code fake} (after G's update) and real target images, with R1 when
   * {@code regularise} (lazy R1 skips it on most steps).
   */
  Result update(INDArray fake, INDArray real, boolean regularise) {
    Map<String, INDArray> feeds = Map.of(FAKE, fake, REAL, real);
    if (r1 == null || !regularise) {
      GradientStep.Result result = step.run(feeds);
      syncFrom(root.sd());
      return new Result(result, Double.NaN);
    }
    double[] r1Value = {Double.NaN};
    GradientStep.Result result =
        step.run(
            feeds,
            preActivations,
            pass -> {
              R1Penalty.Result r =
                  r1.fromPass(
                      real,
                      preActivations.stream().map(pass.outputs()::get).toList(),
                      fake.size(0),
                      pass.gradients().get(REAL),
                      pass.gradients().get(REAL_LOGITS),
                      adam.parameters().names());
              r1Value[0] = r.value();
              return r.gradients();
            });
    syncFrom(root.sd());
    return new Result(result, r1Value[0]);
  }

  /** Copies D's parameters and buffers from {@code source} into every other graph holding D. */
  void syncFrom(SameDiff source) {
    List<SameDiff> all = new ArrayList<>(copies);
    all.add(root.sd());
    for (SameDiff target : all) {
      if (target != source) {
        for (String name : variables) {
          // R1's copy of D is its linear part, without the biases.
          if (target.hasVariable(name)) {
            target.getArrForVarName(name).assign(source.getArrForVarName(name));
          }
        }
      }
    }
  }

  /** After a restore: every copy from the update's graph. */
  void synchronise() {
    syncFrom(root.sd());
  }

  /** The checkpoint parts: D's variables and its Adam. */
  List<Stateful> checkpointParts() {
    return List.of(GraphVariables.withPrefix(root, prefix + "."), adam);
  }

  /** D's Adam (for its learning-rate schedule). */
  Adam adam() {
    return adam;
  }

  /** The parameters D's Adam updates. */
  List<String> parameters() {
    return adam.parameters().names();
  }

  /** The current value of variable {@code name} in the update's graph, a copy. */
  INDArray value(String name) {
    return root.sd().getArrForVarName(name).dup();
  }

  /** D's current parameters and spectral-norm vectors under {@code state_dict} names, copies. */
  Map<String, INDArray> weights() {
    return StageTwoWeights.export(root.sd(), prefix + ".");
  }
}

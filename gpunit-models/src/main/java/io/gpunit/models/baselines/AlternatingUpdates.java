package io.gpunit.models.baselines;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.Scope;
import io.gpunit.losses.objective.Objective;
import io.gpunit.models.training.OfficialInit;
import io.gpunit.models.training.checkpoint.GraphVariables;
import io.gpunit.models.training.checkpoint.Stateful;
import io.gpunit.models.training.optim.Adam;
import io.gpunit.models.training.optim.AdamConfig;
import io.gpunit.models.training.optim.GradientStep;
import io.gpunit.models.training.optim.ParameterGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training iteration of the UNIT and MUNIT trainers, as their official {@code train.py} runs
 * it: {@code dis_update} (one Adam step of both discriminators on fakes the current generators
 * make), then {@code gen_update} (one Adam step of both generators against the just-updated
 * discriminators).
 *
 * <p>Each update has its own graph (ND4J M2.1 rebuilds a graph's gradient function whenever its
 * loss variable changes): the discriminator graph holds the generators' forward pass and both
 * discriminators, the generator graph everything the generator objective needs, the discriminators
 * included. Parameters whose names start with {@code gen_} belong to the generator optimiser,
 * {@code dis_} to the discriminator optimiser; after each update its network's arrays are copied
 * into the other graph, so both graphs always hold the same values and the generator graph holds
 * every parameter (it is the one checkpointed and exported).
 *
 * <p>Both graphs' parameters are initialised as the official trainers do: {@link
 * OfficialInit#KAIMING} for the generators, {@link OfficialInit#GAUSSIAN} for the discriminators.
 */
public final class AlternatingUpdates {

  public static final String GENERATORS = "gen_";
  public static final String DISCRIMINATORS = "dis_";

  private final SameDiff genGraph;
  private final SameDiff disGraph;
  private final Adam genAdam;
  private final Adam disAdam;
  private final GradientStep genStep;
  private final GradientStep disStep;
  private final ParameterGroup discriminatorsInGenGraph;
  private final ParameterGroup generatorsInBoth;
  private final Scope genRoot;

  private AlternatingUpdates(Builder b) {
    this.genRoot = Objects.requireNonNull(b.genRoot, "generator graph");
    Scope disRoot = Objects.requireNonNull(b.disRoot, "discriminator graph");
    Objects.requireNonNull(b.adam, "adam");
    this.genGraph = genRoot.sd();
    this.disGraph = disRoot.sd();
    OfficialInit.KAIMING.apply(genGraph, GENERATORS, b.seed);
    OfficialInit.GAUSSIAN.apply(genGraph, DISCRIMINATORS, b.seed);
    this.genAdam = new Adam("gen", b.adam, ParameterGroup.withPrefix(genRoot, GENERATORS));
    this.disAdam = new Adam("dis", b.adam, ParameterGroup.withPrefix(disRoot, DISCRIMINATORS));
    this.discriminatorsInGenGraph = ParameterGroup.withPrefix(genRoot, DISCRIMINATORS);
    List<String> shared = new ArrayList<>();
    for (String name : genAdam.parameters().names()) {
      if (disGraph.hasVariable(name)) {
        shared.add(name);
      }
    }
    this.generatorsInBoth = ParameterGroup.of(genGraph, shared);
    this.genStep =
        GradientStep.builder()
            .optimizer(genAdam)
            .objective(Objects.requireNonNull(b.genObjective, "generator objective"))
            .output(b.genOutputs.toArray(String[]::new))
            .build();
    this.disStep =
        GradientStep.builder()
            .optimizer(disAdam)
            .objective(Objects.requireNonNull(b.disObjective, "discriminator objective"))
            .build();
    synchronise();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * What one iteration produced: every weighted loss term and the generator step's extra outputs.
   */
  public record Result(Map<String, Double> losses, Map<String, INDArray> outputs) {}

  /** {@code dis_update} with {@code disFeed}, then {@code gen_update} with {@code genFeed}. */
  public Result run(Map<String, INDArray> disFeed, Map<String, INDArray> genFeed) {
    GradientStep.Result dis = disStep.run(disFeed);
    disAdam.parameters().copyInto(genGraph);
    GradientStep.Result gen = genStep.run(genFeed);
    generatorsInBoth.copyInto(disGraph);
    Map<String, Double> losses = new LinkedHashMap<>(dis.losses());
    gen.losses()
        .forEach(
            (name, value) ->
                Preconditions.checkState(
                    losses.putIfAbsent(name, value) == null,
                    "loss term '%s' is in both objectives",
                    name));
    return new Result(losses, gen.outputs());
  }

  /**
   * Copies every parameter from the generator graph into the discriminator graph (after a restore).
   */
  public void synchronise() {
    discriminatorsInGenGraph.copyInto(disGraph);
    generatorsInBoth.copyInto(disGraph);
  }

  /** The checkpoint parts: every variable (of the generator graph) and both optimisers. */
  public List<Stateful> checkpointParts() {
    return List.of(GraphVariables.withPrefix(genRoot, ""), genAdam, disAdam);
  }

  /** The generator graph, which holds the current value of every parameter. */
  public SameDiff generatorGraph() {
    return genGraph;
  }

  public Adam generatorOptimizer() {
    return genAdam;
  }

  public Adam discriminatorOptimizer() {
    return disAdam;
  }

  /** Copies of the generators' parameters ({@code gen_*}) under their graph names. */
  public Map<String, INDArray> generatorWeights() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    genAdam.parameters().arrays().forEach((name, array) -> out.put(name, array.dup()));
    return out;
  }

  /**
   * Builds {@link AlternatingUpdates}; both graphs, both objectives and the Adam config are
   * required.
   */
  public static final class Builder {
    private Scope genRoot;
    private Scope disRoot;
    private Objective genObjective;
    private Objective disObjective;
    private AdamConfig adam;
    private long seed;
    private final List<String> genOutputs = new ArrayList<>();

    private Builder() {}

    /** The generator update's graph and objective. */
    public Builder generators(Scope root, Objective objective) {
      genRoot = root;
      genObjective = objective;
      return this;
    }

    /** The discriminator update's graph and objective. */
    public Builder discriminators(Scope root, Objective objective) {
      disRoot = root;
      disObjective = objective;
      return this;
    }

    /** Both optimisers' hyper-parameters (the official trainers use one set for both). */
    public Builder adam(AdamConfig config) {
      adam = config;
      return this;
    }

    /** The seed of the official initialisation. */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /** Extra outputs of the generator step (translations for a preview or a test). */
    public Builder generatorOutputs(String... names) {
      genOutputs.addAll(List.of(names));
      return this;
    }

    public AlternatingUpdates build() {
      return new AlternatingUpdates(this);
    }
  }
}

package io.gpunit.models.training.loop;

import io.gpunit.models.training.random.TrainingRandom;
import java.util.Map;

/**
 * One training iteration of some trainer (data, forward, backward, updates of every network, EMA):
 * what {@link TrainingLoop} repeats. Everything random in it must come from the run's {@link
 * TrainingRandom#forStep} so that step {@code t} is the same whether or not the run was resumed.
 */
@FunctionalInterface
public interface TrainingStep {

  /** Runs step {@code step} (0-based) and returns its loss terms, in display order. */
  Map<String, Double> run(long step);
}

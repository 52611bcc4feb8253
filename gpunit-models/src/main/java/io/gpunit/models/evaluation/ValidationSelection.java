package io.gpunit.models.evaluation;

import com.google.common.base.Preconditions;
import io.gpunit.models.TranslationNetwork;
import io.gpunit.models.TranslationNetworks;
import io.gpunit.models.training.ModelTrainer;
import io.gpunit.models.training.loop.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Model selection on a validation set, as GAN papers pick the snapshot of best FID: after the
 * chosen steps and after the last one, the trainer's model (for GP-UNIT its EMA generator with a
 * freshly fitted sampler) is saved, scored on a {@link Evaluation} whose seed is neither the final
 * evaluation's nor one training draws from, and kept in {@link #best()}'s file when it scores
 * higher than every earlier one.
 *
 * <p>The score is {@code content IoU + domain accuracy}, the two numbers the synthetic evaluation
 * is judged by. Scoring reads the trainer but changes no training state, so a run with selection
 * trains exactly as one without.
 */
public final class ValidationSelection implements TrainingListener {

  /** One scored snapshot and the seconds scoring took (sampler fit, save, evaluation). */
  public record Candidate(long step, EvaluationResult result, double seconds) {
    public double score() {
      return result.contentIou() + result.domainAccuracy();
    }
  }

  private final ModelTrainer trainer;
  private final Function<Path, EvaluationResult> scorer;
  private final Path best;
  private final Set<Long> steps;
  private final Consumer<Candidate> onScored;
  private final List<Candidate> scored = new ArrayList<>();
  private Candidate kept;

  /**
   * Scores the snapshots after each of {@code steps} (completed steps) and after the last step on
   * {@code validation}.
   *
   * @param best where the best snapshot's model file is kept
   * @param onScored told of every scored snapshot (for a log line)
   */
  public ValidationSelection(
      ModelTrainer trainer,
      Evaluation validation,
      Path best,
      Collection<Long> steps,
      Consumer<Candidate> onScored) {
    this(trainer, scorer(validation), best, steps, onScored);
  }

  /**
   * {@code points} steps spread evenly over the second half of a run of {@code total} steps, the
   * last one {@code total}: where a short GAN run's snapshots are worth comparing.
   */
  public static List<Long> secondHalf(long total, int points) {
    Preconditions.checkArgument(total >= 1 && points >= 1, "need total >= 1 and points >= 1");
    TreeSet<Long> out = new TreeSet<>();
    for (int i = 0; i < points; i++) {
      double t = points == 1 ? 1 : (double) i / (points - 1);
      out.add(Math.max(1, Math.round(total / 2.0 + t * total / 2.0)));
    }
    return List.copyOf(out);
  }

  /** Every {@code every}-th step of a run of {@code total} steps, and the last. */
  public static List<Long> every(long every, long total) {
    Preconditions.checkArgument(every >= 1 && total >= 1, "need every >= 1 and total >= 1");
    TreeSet<Long> out = new TreeSet<>();
    for (long s = every; s < total; s += every) {
      out.add(s);
    }
    out.add(total);
    return List.copyOf(out);
  }

  /** As above, with {@code scorer} scoring a saved model file. */
  ValidationSelection(
      ModelTrainer trainer,
      Function<Path, EvaluationResult> scorer,
      Path best,
      Collection<Long> steps,
      Consumer<Candidate> onScored) {
    this.trainer = Objects.requireNonNull(trainer, "trainer");
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.best = Objects.requireNonNull(best, "best");
    this.steps = Set.copyOf(steps);
    this.onScored = Objects.requireNonNull(onScored, "onScored");
  }

  @Override
  public void onStep(long step, Map<String, Double> losses) {
    if (steps.contains(step)) {
      score(step);
    }
  }

  @Override
  public void onEnd(long step, boolean stopped) {
    if (!stopped && step >= 1 && (scored.isEmpty() || last().step() != step)) {
      score(step);
    }
  }

  /** The snapshot kept, once one has been scored. */
  public Optional<Candidate> best() {
    return Optional.ofNullable(kept);
  }

  /** Every scored snapshot, in step order. */
  public List<Candidate> scored() {
    return List.copyOf(scored);
  }

  private static Function<Path, EvaluationResult> scorer(Evaluation validation) {
    Objects.requireNonNull(validation, "validation");
    return model -> {
      try (TranslationNetwork network = TranslationNetworks.load(model)) {
        return validation.evaluate(model.getFileName().toString(), network);
      }
    };
  }

  private Candidate last() {
    return scored.get(scored.size() - 1);
  }

  private void score(long step) {
    long start = System.nanoTime();
    Path candidate = best.resolveSibling(best.getFileName() + ".candidate");
    trainer.finish();
    trainer.saveModel(candidate);
    EvaluationResult result = scorer.apply(candidate);
    Candidate c = new Candidate(step, result, (System.nanoTime() - start) / 1e9);
    scored.add(c);
    try {
      if (kept == null || c.score() > kept.score()) {
        Files.move(
            candidate, best, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        kept = c;
      } else {
        Files.delete(candidate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    onScored.accept(c);
  }
}

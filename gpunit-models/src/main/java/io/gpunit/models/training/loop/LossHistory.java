package io.gpunit.models.training.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Preconditions;
import io.gpunit.models.training.checkpoint.Checkpoint;
import io.gpunit.models.training.checkpoint.Stateful;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every step's loss terms, for the loss-curve plot and for the checkpoint (a resumed run continues
 * the same curve). Terms are columns; a term missing at some step is NaN there. Stored in the
 * checkpoint metadata as JSON {@code {"steps": [...], "terms": {"name": [...], ...}}}, with
 * non-finite values written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 */
public final class LossHistory implements Stateful {

  static final String KEY = "gpunit.loss_history";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Long> steps = new ArrayList<>();
  private final Map<String, List<Double>> terms = new LinkedHashMap<>();

  /**
   * Records the terms of step {@code step} (1-based: the number of steps done); steps must
   * increase.
   */
  public synchronized void record(long step, Map<String, Double> values) {
    Preconditions.checkArgument(
        steps.isEmpty() || step > steps.get(steps.size() - 1),
        "step %s recorded after step %s",
        step,
        steps.isEmpty() ? -1 : steps.get(steps.size() - 1));
    int row = steps.size();
    steps.add(step);
    values.forEach(
        (name, value) -> {
          List<Double> column =
              terms.computeIfAbsent(
                  name, k -> new ArrayList<>(Collections.nCopies(row, Double.NaN)));
          column.add(value);
        });
    terms
        .values()
        .forEach(
            column -> {
              if (column.size() == row) {
                column.add(Double.NaN);
              }
            });
  }

  public synchronized int size() {
    return steps.size();
  }

  public synchronized List<Long> steps() {
    return List.copyOf(steps);
  }

  /** Term names in order of first appearance. */
  public synchronized List<String> termNames() {
    return List.copyOf(terms.keySet());
  }

  /** The values of {@code term}, one per recorded step (NaN where it was absent). */
  public synchronized List<Double> values(String term) {
    List<Double> column = terms.get(term);
    Preconditions.checkArgument(
        column != null, "no loss term '%s' (have %s)", term, terms.keySet());
    return List.copyOf(column);
  }

  @Override
  public synchronized void saveTo(Checkpoint.Builder checkpoint) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode stepArray = root.putArray("steps");
    steps.forEach(stepArray::add);
    ObjectNode termObject = root.putObject("terms");
    terms.forEach(
        (name, column) -> {
          ArrayNode values = termObject.putArray(name);
          column.forEach(
              v -> {
                if (Double.isFinite(v)) {
                  values.add(v);
                } else {
                  values.add(Double.toString(v));
                }
              });
        });
    try {
      checkpoint.metadata(KEY, JSON.writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void loadFrom(Checkpoint checkpoint) {
    JsonNode root;
    try {
      root = JSON.readTree(checkpoint.metadata(KEY));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "checkpoint loss history is not valid JSON: " + e.getMessage(), e);
    }
    List<Long> newSteps = new ArrayList<>();
    root.path("steps").forEach(n -> newSteps.add(n.asLong()));
    Map<String, List<Double>> newTerms = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.path("terms").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      List<Double> column = new ArrayList<>();
      field
          .getValue()
          .forEach(n -> column.add(n.isTextual() ? Double.parseDouble(n.asText()) : n.asDouble()));
      Preconditions.checkArgument(
          column.size() == newSteps.size(),
          "checkpoint loss history: term '%s' has %s values for %s steps",
          field.getKey(),
          column.size(),
          newSteps.size());
      newTerms.put(field.getKey(), column);
    }
    steps.clear();
    steps.addAll(newSteps);
    terms.clear();
    terms.putAll(newTerms);
  }
}

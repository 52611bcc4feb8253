package io.gpunit.core.weights;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trainable variables and buffers (SameDiff {@link VariableType#VARIABLE}s) of a graph, or of one
 * scope of it, seen as named tensors: loads a checkpoint into them and exports them.
 *
 * <p>Graph variables are named like PyTorch {@code state_dict} keys (see {@code Scope}), so with
 * {@link KeyMapping#identity()} a key loads into the variable of the same name; a {@link KeyMapping}
 * bridges other layouts ({@code stripPrefix("g_ema.")}, renames, ignored keys). Each tensor is
 * converted to its variable's data type.
 *
 * <p>A load is all-or-nothing: every key is matched and every shape checked, and every array decoded
 * and converted, before the first variable is assigned. Immutable; the graph itself is mutated only
 * by a load.
 */
public final class ParameterStore {

  private final SameDiff sd;
  private final String scope;

  private ParameterStore(SameDiff sd, String scope) {
    this.sd = sd;
    this.scope = scope;
  }

  /** Every variable of {@code sd}. */
  public static ParameterStore of(SameDiff sd) {
    return new ParameterStore(Objects.requireNonNull(sd, "sd"), "");
  }

  /**
   * Only the variables under {@code scope} ({@code scope.*}), e.g. one network of a graph that
   * holds several. Names stay full variable names; the mapping must produce them.
   */
  public ParameterStore under(String scope) {
    if (scope == null || scope.isEmpty() || scope.endsWith(".")) {
      throw new IllegalArgumentException("scope must be a name like 'generator', got '" + scope + "'");
    }
    return new ParameterStore(sd, scope + ".");
  }

  /** The names of the variables this store covers, sorted. */
  public List<String> variableNames() {
    return List.copyOf(variables().keySet());
  }

  /** Strict load of {@code source} with keys equal to variable names. */
  public LoadReport load(TensorSource source) {
    return load(source, KeyMapping.identity());
  }

  /**
   * Loads every tensor of {@code source} into the variable its mapped key names. Throws a
   * {@link WeightLoadException} listing every missing, unexpected, shape-mismatched and conflicting
   * key (and changes nothing) unless every variable gets exactly one tensor of its shape and every
   * key that the mapping keeps names a variable.
   */
  public LoadReport load(TensorSource source, KeyMapping mapping) {
    LoadReport report = match(source, mapping);
    if (!report.isComplete()) {
      throw new WeightLoadException(source.description(), report);
    }
    assign(source, report);
    return report;
  }

  /**
   * Loads the tensors that match a variable by name and shape, leaves every other variable as it
   * is, and reports what did not match.
   */
  public LoadReport loadLenient(TensorSource source, KeyMapping mapping) {
    LoadReport report = match(source, mapping);
    assign(source, report);
    return report;
  }

  /**
   * A copy of every variable, keyed by its name after {@code mapping} (variables the mapping drops
   * are left out), sorted by key.
   *
   * @throws IllegalArgumentException if two variables map to the same key
   */
  public Map<String, INDArray> export(KeyMapping mapping) {
    Map<String, INDArray> out = new TreeMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    variables()
        .forEach(
            (name, variable) ->
                mapping
                    .apply(name)
                    .ifPresent(
                        key -> {
                          String previous = origin.putIfAbsent(key, name);
                          if (previous != null) {
                            throw new IllegalArgumentException(
                                "variables '" + previous + "' and '" + name + "' both export as '"
                                    + key + "' under " + mapping);
                          }
                          out.put(key, variable.getArr().dup('c'));
                        }));
    return Collections.unmodifiableMap(out);
  }

  /** Writes {@link #export(KeyMapping)} as a safetensors file, each tensor in its own type. */
  public void save(Path path, KeyMapping mapping) {
    SafeTensors.writer().addAll(export(mapping)).write(path);
  }

  private LoadReport match(TensorSource source, KeyMapping mapping) {
    Map<String, SDVariable> variables = variables();
    Map<String, List<String>> keysByVariable = new LinkedHashMap<>();
    List<LoadReport.Unexpected> unexpected = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (String key : source.names()) {
      Optional<String> mapped = mapping.apply(key);
      if (mapped.isEmpty()) {
        ignored.add(key);
      } else if (!variables.containsKey(mapped.get())) {
        unexpected.add(
            new LoadReport.Unexpected(key, mapped.get(), LoadReport.shapeList(source.shape(key))));
      } else {
        keysByVariable.computeIfAbsent(mapped.get(), v -> new ArrayList<>()).add(key);
      }
    }
    List<LoadReport.Binding> loaded = new ArrayList<>();
    List<LoadReport.Missing> missing = new ArrayList<>();
    List<LoadReport.ShapeMismatch> mismatches = new ArrayList<>();
    List<LoadReport.Conflict> conflicts = new ArrayList<>();
    variables.forEach(
        (name, variable) -> {
          List<Long> variableShape = LoadReport.shapeList(variable.getArr().shape());
          List<String> keys = keysByVariable.getOrDefault(name, List.of());
          if (keys.isEmpty()) {
            missing.add(new LoadReport.Missing(name, variableShape));
          } else if (keys.size() > 1) {
            conflicts.add(new LoadReport.Conflict(name, keys));
          } else {
            String key = keys.get(0);
            List<Long> keyShape = LoadReport.shapeList(source.shape(key));
            if (keyShape.equals(variableShape)) {
              loaded.add(new LoadReport.Binding(key, name));
            } else {
              mismatches.add(new LoadReport.ShapeMismatch(key, name, keyShape, variableShape));
            }
          }
        });
    return new LoadReport(loaded, missing, unexpected, mismatches, conflicts, ignored);
  }

  /** Decodes and converts every bound tensor first, so a failure leaves the graph untouched. */
  private void assign(TensorSource source, LoadReport report) {
    Map<SDVariable, INDArray> values = new LinkedHashMap<>();
    for (LoadReport.Binding binding : report.loaded()) {
      SDVariable variable = sd.getVariable(binding.variable());
      INDArray value = source.get(binding.key());
      values.put(
          variable,
          value.dataType() == variable.dataType()
              ? value.dup('c')
              : value.castTo(variable.dataType()).dup('c'));
    }
    values.forEach(SDVariable::setArray);
  }

  /** This store's variables by name, sorted. */
  private Map<String, SDVariable> variables() {
    Map<String, SDVariable> out = new TreeMap<>();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE
          && (scope.isEmpty() || v.name().startsWith(scope))) {
        out.put(v.name(), v);
      }
    }
    return out;
  }
}

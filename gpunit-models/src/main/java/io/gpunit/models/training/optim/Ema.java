package io.gpunit.models.training.optim;

import com.google.common.base.Preconditions;
import io.gpunit.models.training.checkpoint.Checkpoint;
import io.gpunit.models.training.checkpoint.Stateful;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponential moving average of a network's parameters, kept as a separate, renamed copy ({@code
 * g.*} → {@code g_ema.*}) — GP-UNIT's {@code moving_average(netG, netG_ema, beta=0.999)} after
 * every step:
 *
 * <pre>
 *   g_ema ← torch.lerp(g, g_ema, β) = β·g_ema + (1 − β)·g
 * </pre>
 *
 * evaluated as PyTorch's {@code lerp} evaluates it ({@code g_ema − (g_ema − g)·(1 − β)} for β ≥ ½,
 * else {@code g + β·(g_ema − g)}). The copy starts equal to the network, as {@code
 * copy.deepcopy(netG)}. Only parameters are averaged, as in the official code; buffers named with
 * {@link Builder#copyBuffers} are copied as they are after each update, so that the EMA network
 * evaluated in inference mode sees the live spectral-norm vectors (off by default: the official
 * {@code g_ema} keeps the buffers of the copy it started from).
 */
public final class Ema implements Stateful {

  private final ParameterGroup source;
  private final String sourcePrefix;
  private final String targetPrefix;
  private final double beta;
  private final List<String> buffers;
  private final Map<String, INDArray> averaged = new LinkedHashMap<>();

  private Ema(Builder b) {
    this.source = Objects.requireNonNull(b.source, "source");
    this.sourcePrefix = Objects.requireNonNull(b.sourcePrefix, "sourcePrefix (call rename)");
    this.targetPrefix = Objects.requireNonNull(b.targetPrefix, "targetPrefix (call rename)");
    Preconditions.checkArgument(
        !sourcePrefix.equals(targetPrefix), "EMA prefix must differ from the source's");
    Preconditions.checkArgument(
        b.beta >= 0 && b.beta <= 1, "beta must be in [0, 1], got %s", b.beta);
    this.beta = b.beta;
    this.buffers = List.copyOf(b.buffers);
    SameDiff sd = source.sd();
    List<String> names = new ArrayList<>(source.names());
    for (String buffer : buffers) {
      Preconditions.checkArgument(sd.hasVariable(buffer), "the graph has no buffer '%s'", buffer);
      Preconditions.checkArgument(
          !source.contains(buffer), "'%s' is a parameter, not a buffer", buffer);
      names.add(buffer);
    }
    for (String name : names) {
      Preconditions.checkArgument(
          name.startsWith(sourcePrefix),
          "'%s' does not start with the source prefix '%s'",
          name,
          sourcePrefix);
      averaged.put(name, sd.getArrForVarName(name).dup());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public double beta() {
    return beta;
  }

  /** One moving-average update from the network's current values. */
  public void update() {
    SameDiff sd = source.sd();
    for (String name : source.names()) {
      INDArray ema = averaged.get(name);
      INDArray current = sd.getArrForVarName(name);
      // The difference is freed at once rather than at some later GC (a copy of G each step).
      try (INDArray difference = ema.sub(current)) {
        if (beta >= 0.5) {
          ema.subi(difference.muli(1 - beta));
        } else {
          // current + β·(ema − current), summed in place: the same operation on the same values.
          ema.assign(current).addi(difference.muli(beta));
        }
      }
    }
    for (String buffer : buffers) {
      averaged.get(buffer).assign(sd.getArrForVarName(buffer));
    }
  }

  /**
   * The EMA name of source variable {@code name} ({@code g.conv.weight} → {@code
   * g_ema.conv.weight}).
   */
  public String targetName(String name) {
    Preconditions.checkArgument(
        averaged.containsKey(name), "'%s' is not tracked by this EMA", name);
    return targetPrefix + name.substring(sourcePrefix.length());
  }

  /** The averaged values keyed by EMA name; live arrays, do not modify. */
  public Map<String, INDArray> weights() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    averaged.forEach((name, value) -> out.put(targetName(name), value));
    return Collections.unmodifiableMap(out);
  }

  /** The averaged values keyed by the source network's names, to load into an inference graph. */
  public Map<String, INDArray> weightsBySourceName() {
    return Collections.unmodifiableMap(averaged);
  }

  @Override
  public void saveTo(Checkpoint.Builder checkpoint) {
    averaged.forEach((name, value) -> checkpoint.tensor(targetName(name), value.dup()));
  }

  @Override
  public void loadFrom(Checkpoint checkpoint) {
    averaged.forEach(
        (name, value) -> {
          INDArray stored = checkpoint.tensor(targetName(name));
          Preconditions.checkArgument(
              Arrays.equals(stored.shape(), value.shape()) && stored.dataType() == value.dataType(),
              "checkpoint EMA '%s' is %s %s, expected %s %s",
              targetName(name),
              stored.dataType(),
              Arrays.toString(stored.shape()),
              value.dataType(),
              Arrays.toString(value.shape()));
          value.assign(stored);
        });
  }

  public static final class Builder {
    private ParameterGroup source;
    private String sourcePrefix;
    private String targetPrefix;
    private double beta = 0.999;
    private final List<String> buffers = new ArrayList<>();

    private Builder() {}

    /** The network to average; its current values are the initial average. */
    public Builder source(ParameterGroup source) {
      this.source = source;
      return this;
    }

    /** How EMA names are made: {@code rename("g.", "g_ema.")}. */
    public Builder rename(String sourcePrefix, String targetPrefix) {
      this.sourcePrefix = sourcePrefix;
      this.targetPrefix = targetPrefix;
      return this;
    }

    public Builder beta(double beta) {
      this.beta = beta;
      return this;
    }

    /** Buffers of the source graph to copy (not average) into the EMA copy after each update. */
    public Builder copyBuffers(List<String> bufferNames) {
      buffers.addAll(bufferNames);
      return this;
    }

    public Ema build() {
      return new Ema(this);
    }
  }
}

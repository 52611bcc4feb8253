package io.gpunit.core.nn;

import com.google.common.base.Preconditions;
import io.gpunit.core.memory.SameDiffArrayCache;
import io.gpunit.core.memory.SameDiffArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A named place in a SameDiff graph where a layer creates its parameters.
 *
 * <p>Names are dot-separated exactly like PyTorch {@code state_dict} keys ({@code
 * layer1.0.conv.weight_orig}), so a checkpoint maps onto the graph's variables by name. A layer
 * gets its scope from its parent ({@code scope.child("conv")}) and creates parameters with {@link
 * #param}; calling a layer twice with the same scope reuses the same variables, which is how
 * weights are shared (a discriminator applied to real and to fake images).
 *
 * <p>Parameters are trainable SameDiff {@link VariableType#VARIABLE}s. Buffers (spectral-norm
 * {@code u, v}, batch-norm running statistics) are also variables, so they can be saved and loaded
 * by name, but they are listed in {@link #buffers()} and never handed to an optimiser; a layer that
 * updates a buffer during training registers the new value with {@link #updateBuffer}, and the
 * trainer writes it back after each step.
 *
 * <p>Initial values are drawn from a {@link Random} seeded by the root seed and the parameter's
 * full name, so they do not depend on the order in which layers are built.
 */
public final class Scope {

  /** A buffer and the graph variable holding its value after one training step. */
  public record BufferUpdate(String buffer, String newValue) {}

  private static final class Graph {
    final SameDiff sd;
    final Mode mode;
    final DataType dataType;
    final long seed;
    final Layout layout;
    final List<String> buffers = new ArrayList<>();
    final List<BufferUpdate> updates = new ArrayList<>();

    Graph(SameDiff sd, Mode mode, DataType dataType, long seed, Layout layout) {
      this.sd = sd;
      this.mode = mode;
      this.dataType = dataType;
      this.seed = seed;
      this.layout = layout;
    }
  }

  private final Graph graph;
  private final String prefix;

  private Scope(Graph graph, String prefix) {
    this.graph = graph;
    this.prefix = prefix;
  }

  /** The root scope of a float32 graph. */
  public static Scope root(SameDiff sd, Mode mode, long seed) {
    return root(sd, mode, DataType.FLOAT, seed);
  }

  /**
   * The root scope of a graph whose parameters have the given type (DOUBLE for gradient checks).
   * Every gpunit graph runs without M2.1's session array cache ({@link SameDiffArrayCache}, unless
   * the JVM was started with it on): it is turned off here, before the graph's first session
   * exists, because the cache keeps released activations alive: a released-width translation at
   * batch 8 peaked at 6.43 GiB with it and 1.87 GiB without ({@code
   * benchmarks/compare-with-pytorch.sh}). Its variables and constants are held once ({@link
   * SameDiffArrays#keepOneCopy}): M2.1's default holder keeps every weight twice.
   */
  public static Scope root(SameDiff sd, Mode mode, DataType dataType, long seed) {
    return root(sd, mode, dataType, seed, Layout.NCHW);
  }

  /**
   * The root scope of a graph whose activations have the given {@link Layout} (images stay NCHW at
   * the networks' inputs and outputs).
   */
  public static Scope root(SameDiff sd, Mode mode, DataType dataType, long seed, Layout layout) {
    SameDiffArrayCache.offUnlessConfigured();
    Objects.requireNonNull(sd, "sd");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(dataType, "dataType");
    Objects.requireNonNull(layout, "layout");
    SameDiffArrays.keepOneCopy(sd);
    return new Scope(new Graph(sd, mode, dataType, seed, layout), "");
  }

  /** The scope {@code this.name}. */
  public Scope child(String name) {
    Preconditions.checkArgument(
        name != null && !name.isEmpty() && !name.contains(" "), "bad scope name '%s'", name);
    return new Scope(graph, path(name));
  }

  /** The scope {@code this.index}, as {@code nn.Sequential} and {@code nn.ModuleList} name them. */
  public Scope child(int index) {
    return child(Integer.toString(index));
  }

  /** The full name of {@code local} in this scope. */
  public String path(String local) {
    return prefix.isEmpty() ? local : prefix + "." + local;
  }

  /** This scope's full name; empty at the root. */
  public String prefix() {
    return prefix;
  }

  public SameDiff sd() {
    return graph.sd;
  }

  public Mode mode() {
    return graph.mode;
  }

  public boolean isTraining() {
    return graph.mode == Mode.TRAINING;
  }

  /** Where the channels of this graph's rank-4 activations lie. */
  public Layout layout() {
    return graph.layout;
  }

  /**
   * Fails unless this graph's activations are NCHW: for networks whose axes are written for NCHW
   * only.
   */
  public void requireNchw(String network) {
    Preconditions.checkState(
        graph.layout == Layout.NCHW,
        "%s is built for NCHW activations only, this graph's are %s",
        network,
        graph.layout);
  }

  /** The data type of parameters and of the computation. */
  public DataType dataType() {
    return graph.dataType;
  }

  /**
   * The trainable parameter {@code local} of this scope: created with {@code init} the first time,
   * the same variable afterwards (its shape must match).
   */
  public SDVariable param(String local, long[] shape, Init init) {
    return variable(local, shape, init, false);
  }

  /**
   * A non-trainable buffer (state saved with the weights but never optimised): created with {@code
   * init} the first time, the same variable afterwards.
   */
  public SDVariable buffer(String local, long[] shape, Init init) {
    return variable(local, shape, init, true);
  }

  /**
   * Registers that after each training step the buffer takes the value that {@code newValue} had in
   * that step (a spectral-norm power iteration, a running mean).
   */
  public void updateBuffer(SDVariable buffer, SDVariable newValue) {
    Preconditions.checkArgument(
        graph.buffers.contains(buffer.name()), "'%s' is not a buffer of this graph", buffer.name());
    graph.updates.add(new BufferUpdate(buffer.name(), newValue.name()));
  }

  /** Names of every buffer created in this graph, in creation order. */
  public List<String> buffers() {
    return Collections.unmodifiableList(graph.buffers);
  }

  /** Every buffer update registered in this graph, in registration order. */
  public List<BufferUpdate> bufferUpdates() {
    return Collections.unmodifiableList(graph.updates);
  }

  private SDVariable variable(String local, long[] shape, Init init, boolean isBuffer) {
    String name = path(local);
    SameDiff sd = graph.sd;
    if (sd.hasVariable(name)) {
      SDVariable existing = sd.getVariable(name);
      long[] existingShape = existing.getShape();
      Preconditions.checkState(
          Arrays.equals(existingShape, shape),
          "variable '%s' exists with shape %s, requested %s",
          name,
          Arrays.toString(existingShape),
          Arrays.toString(shape));
      Preconditions.checkState(
          graph.buffers.contains(name) == isBuffer,
          "variable '%s' exists but is %s a buffer",
          name,
          isBuffer ? "not" : "");
      return existing;
    }
    Random random = new Random(graph.seed * 1_000_003L + name.hashCode());
    INDArray value = init.create(shape.clone(), graph.dataType, random);
    SDVariable v = sd.var(name, value);
    if (isBuffer) {
      graph.buffers.add(name);
    }
    return v;
  }
}

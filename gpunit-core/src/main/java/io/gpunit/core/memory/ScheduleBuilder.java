package io.gpunit.core.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.custom.Invoke;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Enter;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Exit;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.LoopCond;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Merge;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.NextIteration;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Switch;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2DDerivative;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU;
import org.nd4j.linalg.api.ops.impl.shape.Concat;
import org.nd4j.linalg.api.ops.impl.shape.CreateView;
import org.nd4j.linalg.api.ops.impl.shape.Permute;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;
import org.nd4j.linalg.api.ops.impl.shape.tensorops.BaseTensorOp;
import org.nd4j.linalg.api.ops.impl.transforms.Assert;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.GradientBackwardsMarker;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;

/**
 * Builds an {@link OpSchedule}: collects the steps, numbers every array, and works out when each
 * array dies.
 */
final class ScheduleBuilder {

  /**
   * Op classes {@code InferenceSession} runs its own way (besides {@code identity}): control flow,
   * tensor arrays, views, external errors, invocations of other graphs, assertions and assignments.
   */
  private static final List<Class<?>> SPECIAL =
      List.of(
          Enter.class,
          Exit.class,
          LoopCond.class,
          Merge.class,
          NextIteration.class,
          Switch.class,
          Assert.class,
          BaseTensorOp.class,
          CreateView.class,
          ExternalErrorsFunction.class,
          GradientBackwardsMarker.class,
          Invoke.class,
          org.nd4j.linalg.api.ops.impl.transforms.custom.Assign.class,
          org.nd4j.linalg.api.ops.impl.transforms.any.Assign.class);

  final String[] outputs;
  final Map<String, Integer> slot = new HashMap<>();
  final List<String> placeholders = new ArrayList<>();
  final List<String> stored = new ArrayList<>();
  final List<OpSchedule.Step> steps = new ArrayList<>();

  ScheduleBuilder(String[] outputs) {
    this.outputs = outputs;
  }

  boolean add(SameDiff sd, SameDiffOp sdo) {
    DifferentialFunction op = sdo.getOp();
    if (!supported(op)) {
      return false;
    }
    String[] in = op.argNames() == null ? new String[0] : op.argNames();
    int[] inSlots = new int[in.length];
    for (int i = 0; i < in.length; i++) {
      Integer s = input(sd, in[i]);
      if (s == null) {
        return false;
      }
      inSlots[i] = s;
    }
    List<String> out = sdo.getOutputsOfOp();
    OpSchedule.Kind kind = kind(op, in.length);
    if (out == null || out.isEmpty() || (kind != OpSchedule.Kind.NATIVE && out.size() != 1)) {
      return false;
    }
    int[] outSlots = new int[out.size()];
    DataType[] types = new DataType[out.size()];
    for (int i = 0; i < outSlots.length; i++) {
      if (slot.containsKey(out.get(i))) {
        return false; // written twice: not a plain dataflow graph
      }
      outSlots[i] = newSlot(out.get(i));
      types[i] = sd.getVariable(out.get(i)).dataType();
    }
    steps.add(new OpSchedule.Step(sdo.getName(), kind, inSlots, outSlots, types, new int[0]));
    return true;
  }

  /**
   * How a step runs: {@code identity} and {@code stop_gradient} (a copy in M2.1, the same values)
   * give their input array; {@code permute} and a C-order {@code reshape} give a view of it, made
   * on the Java side, where the native op would copy (for conv2d's weights, every layer every
   * call); {@code leakyrelu} with a slope in (0, 1) runs as {@code max(x, α·x)}, {@code lrelu_bp}
   * as the derivative times the gradient, {@code concat} (axis as an argument) as copies into
   * slices of one output, and {@code reduce_mean} over one axis, dimensions kept, as a pooling.
   */
  private static OpSchedule.Kind kind(DifferentialFunction op, int inputs) {
    if ((op instanceof Identity || op instanceof StopGradient) && inputs == 1) {
      return OpSchedule.Kind.ALIAS;
    }
    if (op instanceof Permute p && (inputs == 2 || (inputs == 1 && p.iArgs().length > 0))) {
      return OpSchedule.Kind.PERMUTE;
    }
    if (op instanceof LeakyReLU l && inputs == 1 && isSlope(l.scalar().getDouble(0))) {
      return OpSchedule.Kind.LEAKY_RELU;
    }
    if (op instanceof LeakyReLUBp b && inputs == 2 && b.tArgs().length == 1) {
      return OpSchedule.Kind.LEAKY_RELU_GRADIENT;
    }
    if (op instanceof Mean m && inputs == 1 && m.isKeepDims() && oneAxis(m.getDimensions())) {
      return OpSchedule.Kind.AXIS_MEAN;
    }
    if (op instanceof Concat c && c.iArgs().length == 1 && inputs > 0 && !dynamicAxis(c)) {
      return OpSchedule.Kind.CONCAT;
    }
    if (op instanceof Reshape r) {
      long[] i = r.iArgs();
      boolean cOrder = i.length == 0 || i[0] != -'f';
      if (cOrder && (inputs == 2 || (inputs == 1 && i.length > 1 && i[0] == -'c'))) {
        return OpSchedule.Kind.RESHAPE;
      }
    }
    return OpSchedule.Kind.NATIVE;
  }

  /**
   * Whether a concat takes its axis as its last input (TensorFlow's form) instead of an argument.
   */
  private static boolean dynamicAxis(Concat c) {
    return Boolean.TRUE.equals(c.propertiesForFunction().get("isDynamicAxis"));
  }

  private static boolean supported(DifferentialFunction op) {
    for (Class<?> special : SPECIAL) {
      if (special.isInstance(op)) {
        return false;
      }
    }
    return op instanceof DynamicCustomOp || (op instanceof Op && !(op instanceof CustomOp));
  }

  /** The slot of an op input, numbering placeholders and stored variables on first sight. */
  private Integer input(SameDiff sd, String name) {
    Integer s = slot.get(name);
    if (s != null) {
      return s;
    }
    SDVariable v = sd.getVariable(name);
    if (v == null) {
      return null;
    }
    VariableType type = v.getVariableType();
    if (type == VariableType.PLACEHOLDER) {
      placeholders.add(name);
    } else if (type == VariableType.VARIABLE || type == VariableType.CONSTANT) {
      stored.add(name);
    } else {
      return null; // an array no earlier op produced
    }
    return newSlot(name);
  }

  private int newSlot(String name) {
    int s = slot.size();
    slot.put(name, s);
    return s;
  }

  /** Exactly one axis, given as a non-negative index. */
  private static boolean oneAxis(int[] dimensions) {
    return dimensions != null && dimensions.length == 1 && dimensions[0] >= 0;
  }

  /** A negative slope in (0, 1), for which {@code max(x, α·x)} is the leaky ReLU. */
  private static boolean isSlope(double alpha) {
    return alpha > 0 && alpha < 1;
  }

  /**
   * Walks back from a requested output through aliases to the step that made its array: a view
   * there becomes a native copy; so does the nearest {@code stop_gradient} when the walk ends at a
   * placeholder or stored variable (the output must be an array the call computed).
   */
  private void demoteViewBehind(SameDiff sd, Integer s, Map<Integer, Integer> producer) {
    Integer stopGradient = null;
    while (s != null && producer.containsKey(s)) {
      int i = producer.get(s);
      OpSchedule.Step step = steps.get(i);
      if (step.kind().isView()) {
        steps.set(i, step.withKind(OpSchedule.Kind.NATIVE));
        return;
      }
      if (step.kind() != OpSchedule.Kind.ALIAS) {
        return;
      }
      if (stopGradient == null && sd.getOps().get(step.name()).getOp() instanceof StopGradient) {
        stopGradient = i;
      }
      s = step.in()[0];
    }
    if (stopGradient != null) {
      steps.set(stopGradient, steps.get(stopGradient).withKind(OpSchedule.Kind.NATIVE));
    }
  }

  /**
   * A permute stays a view only where every step that reads it is a matrix product or reads it as a
   * convolution's weights, whose kernels take strided arrays as they come (conv2d's weights, every
   * layer every call); any other reader gets a copy, as from M2.1's own op. Element-wise kernels
   * walk a permuted view several times slower than a whole array: {@code multiply_bp} of spectral
   * norm's W/σ on a permuted [512, 512, 3, 3] gradient took 22 ms against 2.6 ms. And M2.1's NHWC
   * {@code conv2d} computes garbage from a permuted view as its input (an NCHW image made NHWC:
   * Infinity in every replayed call, {@code LayoutTest}).
   */
  private void copyPermutesOthersRead(SameDiff sd, Map<Integer, Integer> producer) {
    for (OpSchedule.Step step : steps) {
      DifferentialFunction op = sd.getOps().get(step.name()).getOp();
      if (op instanceof Mmul) {
        continue;
      }
      int[] in = step.in();
      // A convolution's data input (its first) must be whole; its weights may be a view.
      int wholeInputs = op instanceof Conv2D ? 1 : in.length;
      for (int k = 0; k < wholeInputs; k++) {
        Integer i = producer.get(in[k]);
        if (i != null && steps.get(i).kind() == OpSchedule.Kind.PERMUTE) {
          steps.set(i, steps.get(i).withKind(OpSchedule.Kind.NATIVE));
        }
      }
    }
  }

  /**
   * A {@code conv2d_bp} whose weight and bias gradients nothing reads (a frozen network's layer
   * that a gradient only passes through: D in G's step, the perceptual network, E<sub>c</sub>)
   * computes only the input gradient: M2.1's kernel always computes all three.
   */
  private void skipUnreadWeightGradients(SameDiff sd) {
    Set<Integer> read = new HashSet<>();
    steps.forEach(step -> Arrays.stream(step.in()).forEach(read::add));
    for (String output : outputs) {
      read.add(slot.get(output));
    }
    for (int i = 0; i < steps.size(); i++) {
      OpSchedule.Step step = steps.get(i);
      int[] out = step.out();
      if (step.kind() == OpSchedule.Kind.NATIVE
          && sd.getOps().get(step.name()).getOp() instanceof Conv2DDerivative conv
          && out.length > 1
          && Arrays.stream(out, 1, out.length).noneMatch(read::contains)
          && isPlainConvolution(conv.iArgs())) {
        steps.set(i, step.withKind(OpSchedule.Kind.CONV_INPUT_GRADIENT));
      }
    }
  }

  /**
   * Explicit padding, NCHW data and [kH, kW, iC, oC] weights: what {@code deconv2d} reads alike.
   */
  private static boolean isPlainConvolution(long[] i) {
    return i != null
        && i.length >= 9
        && i[8] == 0
        && (i.length < 10 || i[9] == 0)
        && (i.length < 11 || i[10] == 0);
  }

  /**
   * Sets each step's releases: an allocated array dies after the last step that reads it or an
   * alias or view of it, unless it (or an alias of it) is a requested output. A view that is
   * requested (or aliased into a requested output) is made a native copy instead, so callers only
   * ever get whole arrays. False if an output is not computed by the steps.
   */
  boolean finish(SameDiff sd) {
    Map<Integer, Integer> producer = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      for (int s : steps.get(i).out()) {
        producer.put(s, i);
      }
    }
    for (String output : outputs) {
      demoteViewBehind(sd, slot.get(output), producer);
    }
    copyPermutesOthersRead(sd, producer);
    skipUnreadWeightGradients(sd);
    Map<Integer, Integer> owner = new HashMap<>();
    Set<Integer> computed = new HashSet<>();
    slot.values().forEach(s -> owner.put(s, s));
    for (OpSchedule.Step step : steps) {
      for (int s : step.out()) {
        if (step.kind().allocates()) {
          computed.add(s);
        } else {
          owner.put(s, owner.get(step.in()[0]));
        }
      }
    }
    Set<Integer> kept = new HashSet<>();
    for (String output : outputs) {
      Integer s = slot.get(output);
      if (s == null || !computed.contains(owner.get(s))) {
        return false;
      }
      kept.add(owner.get(s));
    }
    Map<Integer, Integer> lastUse = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      OpSchedule.Step step = steps.get(i);
      for (int s : step.in()) {
        lastUse.put(owner.get(s), i);
      }
      for (int s : step.out()) {
        lastUse.putIfAbsent(owner.get(s), i); // never read: dies at once
      }
    }
    List<List<Integer>> releases = new ArrayList<>();
    steps.forEach(s -> releases.add(new ArrayList<>()));
    lastUse.forEach(
        (s, i) -> {
          if (computed.contains(s) && !kept.contains(s)) {
            releases.get(i).add(s);
          }
        });
    for (int i = 0; i < steps.size(); i++) {
      int[] release = releases.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
      steps.set(i, steps.get(i).withRelease(release));
    }
    return true;
  }
}

package io.gpunit.core.memory;

import java.util.ArrayList;
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
import org.nd4j.linalg.api.ops.impl.controlflow.compat.Switch;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.api.ops.impl.shape.CreateView;
import org.nd4j.linalg.api.ops.impl.shape.tensorops.BaseTensorOp;
import org.nd4j.linalg.api.ops.impl.transforms.Assert;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.GradientBackwardsMarker;
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

  /** Slot → the slot that owns its array (an identity's output is owned by its input's owner). */
  private final Map<Integer, Integer> owner = new HashMap<>();

  /** Owner slots of the arrays the ops allocated (never placeholders or stored variables). */
  private final Set<Integer> computed = new HashSet<>();

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
    if (out == null || out.isEmpty() || (op instanceof Identity && in.length != 1)) {
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
      if (op instanceof Identity) {
        owner.put(outSlots[i], owner.get(inSlots[0]));
      } else {
        computed.add(outSlots[i]);
      }
    }
    steps.add(
        new OpSchedule.Step(
            sdo.getName(), op instanceof Identity, inSlots, outSlots, types, new int[0]));
    return true;
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
    owner.put(s, s);
    return s;
  }

  /**
   * Sets each step's releases: an allocated array dies after the last step that reads it or an
   * identity of it, unless it (or an identity of it) is a requested output. False if an output is
   * not computed by the steps.
   */
  boolean finish(SameDiff sd) {
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
      OpSchedule.Step s = steps.get(i);
      int[] release = releases.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
      steps.set(
          i, new OpSchedule.Step(s.name(), s.identity(), s.in(), s.out(), s.outTypes(), release));
    }
    return true;
  }
}

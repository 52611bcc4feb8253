package io.gpunit.core.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseOp;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A graph's ops in the order ND4J 1.0.0-M2.1's {@code InferenceSession} ran them once, run again
 * without the session: for each op what the session's {@code getAndParameterizeOp} and {@code
 * doExec} do (inputs into the op's context, output shapes, fresh output arrays, {@code Nd4j.exec}),
 * and each array closed after its last consumer, as the session does with its array cache off.
 *
 * <p>Why: the session rebuilds its dependency tracking for every call and every op (a subgraph
 * search, frame/iteration keys, hash sets of satisfied dependencies, a variable map per requested
 * output), which costs as much as the op itself for the small arrays of a 64² training step. The
 * recorded order also keeps the draws of any random op where the session had them.
 *
 * <p>A schedule is built only for graphs without control flow, tensor arrays or ops the session
 * treats specially (other than {@code identity}, whose output is its input array); {@link #of}
 * returns empty otherwise and the caller keeps using the session. A few ops whose M2.1 kernels copy
 * or are slow run another way with the same values (see {@link Kind}).
 */
final class OpSchedule {

  /** How a step computes its output. */
  enum Kind {
    /** The native op, on fresh output arrays. */
    NATIVE,
    /** The input array itself ({@code identity}, {@code stop_gradient}). */
    ALIAS,
    /** A permuted view of the input (only convolutions and matrix products read one). */
    PERMUTE,
    /** A C-order view of the input in another shape (a copy if its strides allow no view). */
    RESHAPE,
    /**
     * {@code leakyrelu} as {@code max(x, α·x)}: the same values; at 256² about twice as fast as
     * M2.1's kernel (49 → 22 ms a translation), at 64² even.
     */
    LEAKY_RELU,
    /**
     * {@code lrelu_bp} as LeakyReLU's derivative at x times the gradient, in float32 where x has no
     * NaN (the derivative says α there, M2.1's op passes the gradient): the same values, with the
     * check for NaN ([2, 64, 256, 256] 41 → 9 ms; [1, 128, 128, 128] 11 → 3.4 ms; [4, 32, 64, 64]
     * 3.3 → 2.0 ms).
     */
    LEAKY_RELU_GRADIENT,
    /**
     * {@code conv2d_bp} with only its input gradient read, as {@code deconv2d} (its adjoint: in
     * oneDNN the same backward-data primitive, bit for bit) where that gives the input's size;
     * about half the time, as M2.1's kernel also computes the weight gradient. The weight and bias
     * gradient slots stay empty.
     */
    CONV_INPUT_GRADIENT,
    /**
     * {@code reduce_mean} over axis 1 or 2 of a dense rank-4 array with its dimensions kept, as
     * oneDNN's average pooling over that axis ({@link StepKernels#axisMean}): the same bits, the
     * last axis in vector registers where M2.1 walks each of its values along the reduced axis one
     * at a time ([1, 256, 256, 64] over axis 2: 2.4 → 0.75 ms; an NHWC instance norm's means).
     */
    AXIS_MEAN,
    /**
     * {@code concat} as copies of each part into its slice of the output, or as M2.1's op on
     * [outer, run] rows, where either is faster ({@link StepKernels#concatenation}; same values).
     */
    CONCAT;

    boolean isView() {
      return this == PERMUTE || this == RESHAPE;
    }

    /** Whether the step's outputs are arrays of its own (not its input's). */
    boolean allocates() {
      return this != ALIAS && !isView();
    }
  }

  /**
   * One op (by name: a schedule holds nothing of its graph, so the graph's weights and ops can be
   * collected with it), its input and output slots, and the slots whose arrays die after it.
   */
  record Step(String name, Kind kind, int[] in, int[] out, DataType[] outTypes, int[] release) {
    Step withKind(Kind value) {
      return new Step(name, value, in, out, outTypes, release);
    }

    Step withRelease(int[] value) {
      return new Step(name, kind, in, out, outTypes, value);
    }
  }

  private final int opCount;
  private final int variableCount;
  private final Step[] steps;
  private final StepContext[] contexts;
  private final BufferPool pool = new BufferPool();
  private final StepKernels kernels = new StepKernels(pool);
  private final String[] outputs;
  private final int[] outputSlots;
  private final String[] placeholders;
  private final DataType[] placeholderTypes;
  private final int[] placeholderSlots;
  private final String[] stored;
  private final int[] storedSlots;
  private final int slots;

  private OpSchedule(SameDiff sd, ScheduleBuilder b) {
    this.opCount = sd.getOps().size();
    this.variableCount = sd.getVariables().size();
    this.steps = b.steps.toArray(Step[]::new);
    this.contexts = new StepContext[steps.length];
    this.outputs = b.outputs;
    this.outputSlots = Arrays.stream(outputs).mapToInt(b.slot::get).toArray();
    this.placeholders = b.placeholders.toArray(String[]::new);
    this.placeholderTypes =
        Arrays.stream(placeholders).map(n -> sd.getVariable(n).dataType()).toArray(DataType[]::new);
    this.placeholderSlots = Arrays.stream(placeholders).mapToInt(b.slot::get).toArray();
    this.stored = b.stored.toArray(String[]::new);
    this.storedSlots = b.stored.stream().mapToInt(b.slot::get).toArray();
    this.slots = b.slot.size();
  }

  /**
   * The schedule of {@code sd}'s ops {@code executed} (names, in the session's order) computing
   * {@code outputs}, or empty if the graph has something only the session runs.
   */
  static Optional<OpSchedule> of(SameDiff sd, List<String> executed, String... outputs) {
    ScheduleBuilder b = new ScheduleBuilder(outputs);
    for (String name : executed) {
      SameDiffOp op = sd.getOps().get(name);
      if (op == null || !b.add(sd, op)) {
        return Optional.empty();
      }
    }
    return b.finish(sd) ? Optional.of(new OpSchedule(sd, b)) : Optional.empty();
  }

  /** Whether {@code sd} still has the ops and variables it had when this schedule was built. */
  boolean isCurrent(SameDiff sd) {
    return sd.getOps().size() == opCount && sd.getVariables().size() == variableCount;
  }

  /** The requested outputs of {@code sd}, as {@code sd.output(feed, outputs)} returns them. */
  Map<String, INDArray> run(SameDiff sd, Map<String, INDArray> feed) {
    return run(sd, feed, List.of());
  }

  /**
   * As {@link #run(SameDiff, Map)}, with the {@code deferred} placeholders (those {@code feed} has
   * no value for) each filled just before the first step that reads it, from requested outputs this
   * call has computed by then.
   */
  Map<String, INDArray> run(SameDiff sd, Map<String, INDArray> feed, List<DeferredInput> deferred) {
    INDArray[] values = new INDArray[slots];
    // Arrays that die with the call: placeholder casts, and reshapes that had to copy.
    List<INDArray> dying = new ArrayList<>();
    PendingInputs pending = new PendingInputs();
    for (int i = 0; i < placeholders.length; i++) {
      if (!pending.defer(placeholders[i], i, placeholderSlots[i], feed, deferred)) {
        values[placeholderSlots[i]] =
            placeholder(feed == null ? null : feed.get(placeholders[i]), i, dying);
      }
    }
    for (int i = 0; i < stored.length; i++) {
      values[storedSlots[i]] = sd.getVariable(stored[i]).getArr();
    }
    Map<String, SameDiffOp> ops = sd.getOps();
    boolean done = false;
    int next = 0;
    try {
      for (; next < steps.length; next++) {
        Step step = steps[next];
        pool.at(next);
        if (!pending.isEmpty()) {
          pending.fill(
              step.in, values, name -> output(values, name), (v, i) -> placeholder(v, i, dying));
        }
        execute(step, ops.get(step.name).getOp(), context(next), values, dying);
        for (int slot : step.release) {
          pool.release(values[slot]);
          values[slot] = null;
        }
      }
      Map<String, INDArray> out = new LinkedHashMap<>();
      for (int i = 0; i < outputs.length; i++) {
        out.put(outputs[i], values[outputSlots[i]]);
      }
      done = true;
      return out;
    } finally {
      dying.forEach(OpSchedule::close);
      if (!done) {
        closeComputed(values, next);
      }
      pool.endCall();
      // The contexts would otherwise hold this call's inputs and outputs until the next call.
      for (StepContext context : contexts) {
        if (context != null) {
          context.oc.purge();
        }
      }
    }
  }

  /** After a failure in step {@code failed}: the arrays of the steps before it still alive. */
  private void closeComputed(INDArray[] values, int failed) {
    for (int i = 0; i < failed && i < steps.length; i++) {
      if (steps[i].kind.allocates()) {
        for (int slot : steps[i].out) {
          close(values[slot]);
          values[slot] = null;
        }
      }
    }
  }

  /** The requested output {@code name}'s array in {@code values} (null if not computed yet). */
  private INDArray output(INDArray[] values, String name) {
    int i = Arrays.asList(outputs).indexOf(name);
    return i < 0 ? null : values[outputSlots[i]];
  }

  private INDArray placeholder(INDArray value, int i, List<INDArray> casts) {
    String name = placeholders[i];
    if (value == null) {
      throw new IllegalStateException(
          "An input placeholder \""
              + name
              + "\" is required to calculate the requested outputs, but a placeholder value was"
              + " not provided");
    }
    DataType type = placeholderTypes[i];
    if (value.dataType() != type) {
      // As the session does: a placeholder of another type is cast to the declared one.
      value = value.castTo(type);
      casts.add(value);
    }
    return value;
  }

  private StepContext context(int step) {
    if (contexts[step] == null) {
      contexts[step] = new StepContext();
    }
    return contexts[step];
  }

  private void execute(
      Step step,
      DifferentialFunction function,
      StepContext context,
      INDArray[] values,
      List<INDArray> dying) {
    OpContext oc = context.oc;
    INDArray[] args = new INDArray[step.in.length];
    for (int i = 0; i < args.length; i++) {
      args[i] = values[step.in[i]];
    }
    INDArray joined =
        step.kind == Kind.CONCAT
            ? concatenation(args, (DynamicCustomOp) function, step.outTypes[0])
            : null;
    if (step.kind == Kind.ALIAS) {
      values[step.out[0]] = args[0];
    } else if (step.kind == Kind.PERMUTE && args[0].rank() > 0) {
      long[] dims =
          args.length == 2 ? args[1].toLongVector() : ((DynamicCustomOp) function).iArgs();
      values[step.out[0]] = StepKernels.permute(args[0], dims);
    } else if (step.kind == Kind.RESHAPE && args[0].length() > 1) {
      values[step.out[0]] = StepKernels.reshape(args, ((DynamicCustomOp) function).iArgs(), dying);
    } else if (step.kind == Kind.LEAKY_RELU) {
      values[step.out[0]] = kernels.leakyRelu(args[0], ((ScalarOp) function).scalar().getDouble(0));
    } else if (step.kind == Kind.LEAKY_RELU_GRADIENT
        && StepKernels.leakyReluGradientMatches(args[0], args[1])) {
      values[step.out[0]] =
          kernels.leakyReluGradient(args[0], args[1], ((DynamicCustomOp) function).tArgs()[0]);
    } else if (step.kind == Kind.CONV_INPUT_GRADIENT
        && StepKernels.deconvolves((DynamicCustomOp) function, args)) {
      // The weight and bias gradients' slots stay empty.
      values[step.out[0]] = kernels.convInputGradient((DynamicCustomOp) function, context, args);
    } else if (step.kind == Kind.AXIS_MEAN
        && StepKernels.poolsMean(args[0], ((DifferentialFunction) function).getDimensions())) {
      values[step.out[0]] =
          kernels.axisMean(args[0], ((DifferentialFunction) function).getDimensions()[0]);
    } else if (joined != null) {
      values[step.out[0]] = joined;
    } else if (function instanceof CustomOp) {
      DynamicCustomOp op = (DynamicCustomOp) function;
      context.set(args, op);
      List<LongShapeDescriptor> shapes = context.outputShapes(args, op);
      if (shapes == null || shapes.size() != step.out.length) {
        throw new IllegalStateException(
            "op " + op.getOwnName() + " (" + op.opName() + "): " + shapes + " output shapes");
      }
      for (int i = 0; i < shapes.size(); i++) {
        LongShapeDescriptor shape = shapes.get(i);
        // The session's workaround for ops with several valid output types: the variable's type.
        if (shape.dataType() != step.outTypes[i]) {
          shape = shape.asDataType(step.outTypes[i]);
        }
        oc.setOutputArray(i, pool.allocate(shape));
      }
      Nd4j.exec(op, oc);
      List<INDArray> out = oc.getOutputArrays();
      for (int i = 0; i < step.out.length; i++) {
        values[step.out[i]] = out.get(i);
      }
      if (step.kind.isView()) {
        dying.add(out.get(0)); // a scalar's: the schedule counts it as a view, so it dies here
      }
    } else {
      values[step.out[0]] = executeLegacy((Op) function, oc, args);
    }
  }

  /** {@code concat}'s output from {@link StepKernels#concat}, or null where M2.1's op is faster. */
  private INDArray concatenation(INDArray[] args, DynamicCustomOp op, DataType type) {
    long axis = op.iArgs()[0];
    StepKernels.Concatenation how = StepKernels.concatenation(args, axis, type);
    return how == StepKernels.Concatenation.NATIVE ? null : kernels.concat(how, args, axis, type);
  }

  /** A legacy (non-custom) op, parameterised as {@code InferenceSession} does it. */
  private INDArray executeLegacy(Op op, OpContext oc, INDArray[] args) {
    boolean axisArg = false;
    boolean emptyReduce = false;
    if (op instanceof ReduceOp reduce
        && reduce.getOpType() != Op.Type.REDUCE3
        && args.length == 2) {
      axisArg = true;
      if (args[1].isEmpty()) {
        ((DifferentialFunction) op).setDimensions(null);
        ((BaseReduceOp) op).setEmptyReduce(true);
        emptyReduce = true;
      } else {
        int[] axis = Shape.normalizeAxis(args[0].rank(), args[1].toIntVector());
        ((DifferentialFunction) op).setDimensions(axis);
        ((BaseReduceOp) op).setEmptyReduce(false);
      }
    } else if (op instanceof ScalarOp scalar && args.length == 2) {
      scalar.setScalar(args[1]);
    }
    if (args.length > 0) {
      oc.setInputArray(0, args[0]);
      if (args.length == 2 && !axisArg) {
        oc.setInputArray(1, args[1]);
      }
    }
    INDArray z =
        emptyReduce
            ? Nd4j.createUninitializedDetached(args[0].dataType(), args[0].shape())
            : pool.allocate(((BaseOp) op).calculateOutputShape(oc).get(0));
    oc.setOutputArray(0, z);
    Nd4j.exec(op, oc);
    return oc.getOutputArray(0);
  }

  private static void close(INDArray array) {
    if (array != null && !array.wasClosed() && array.closeable()) {
      array.close();
    }
  }
}

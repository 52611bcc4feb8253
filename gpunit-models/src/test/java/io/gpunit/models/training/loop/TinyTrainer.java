package io.gpunit.models.training.loop;

import io.gpunit.core.nn.Activation;
import io.gpunit.core.nn.Conv2d;
import io.gpunit.core.nn.Mode;
import io.gpunit.core.nn.PadMode;
import io.gpunit.core.nn.Scope;
import io.gpunit.models.training.checkpoint.CheckpointStore;
import io.gpunit.models.training.checkpoint.Checkpointer;
import io.gpunit.models.training.checkpoint.GraphVariables;
import io.gpunit.models.training.optim.Adam;
import io.gpunit.models.training.optim.AdamConfig;
import io.gpunit.models.training.optim.Ema;
import io.gpunit.models.training.optim.GradientStep;
import io.gpunit.models.training.optim.ParameterGroup;
import io.gpunit.models.training.random.RandomArrays;
import io.gpunit.models.training.random.TrainingRandom;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A complete miniature trainer built the way the real ones are: a graph with a spectrally
 * normalised generator "g." (buffers updated every step) and an untrained critic "d.", Java-drawn
 * data and noise per step, Adam, an EMA, the loss history and a checkpointer — everything a resume
 * must restore.
 */
final class TinyTrainer implements TrainingStep {

  static final int BATCH = 2;
  static final int SIZE = 8;

  final Scope root;
  final Adam adam;
  final Ema ema;
  final GradientStep gradientStep;
  final TrainingRandom random;
  final LossHistory history = new LossHistory();
  final Checkpointer checkpointer;

  TinyTrainer(Path checkpointFile, long seed) {
    root = Scope.root(SameDiff.create(), Mode.TRAINING, seed);
    SameDiff sd = root.sd();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, BATCH, 3, SIZE, SIZE);
    SDVariable noise = sd.placeHolder("noise", DataType.FLOAT, BATCH, 4, SIZE, SIZE);
    Scope g = root.child("g");
    Conv2d conv1 =
        Conv2d.builder(3, 4, 3).padding(1).padMode(PadMode.REFLECT).spectralNorm(true).build();
    Conv2d conv2 = Conv2d.builder(4, 3, 3).padding(1).spectralNorm(true).build();
    SDVariable h =
        Activation.leakyRelu(0.2).apply(conv1.apply(g.child("conv1"), x)).add(noise.mul(0.2));
    SDVariable out = Activation.tanh().apply(conv2.apply(g.child("conv2"), h));
    SDVariable diff = out.add(x);
    SDVariable rec = diff.mul(diff).mean().rename("rec");
    SDVariable critic =
        Conv2d.builder(3, 1, 3)
            .build()
            .apply(root.child("d").child("conv"), out)
            .mean()
            .rename("critic");
    rec.add(critic.mul(0.1)).rename("loss");

    ParameterGroup params = ParameterGroup.withPrefix(root, "g.");
    adam =
        new Adam(
            "g", AdamConfig.builder().lr(1e-2).betas(0.5, 0.99).weightDecay(1e-4).build(), params);
    ema = Ema.builder().source(params).rename("g.", "g_ema.").beta(0.9).build();
    gradientStep =
        GradientStep.builder()
            .optimizer(adam)
            .loss("loss")
            .term("rec", "rec")
            .term("critic", "critic")
            .bufferUpdates(root.bufferUpdates())
            .build();
    random = new TrainingRandom(seed);
    checkpointer =
        Checkpointer.builder()
            .store(new CheckpointStore(checkpointFile))
            .config("{\"tiny\":true}")
            .part(GraphVariables.withPrefix(root, ""))
            .part(adam)
            .part(ema)
            .part(history)
            .part(random)
            .build();
  }

  @Override
  public Map<String, Double> run(long step) {
    INDArray x =
        RandomArrays.uniform(random.forStep(step, "data"), DataType.FLOAT, BATCH, 3, SIZE, SIZE)
            .muli(2)
            .subi(1);
    INDArray noise =
        RandomArrays.gaussian(random.forStep(step, "noise"), DataType.FLOAT, BATCH, 4, SIZE, SIZE);
    Map<String, Double> losses =
        new LinkedHashMap<>(gradientStep.run(Map.of("x", x, "noise", noise)).losses());
    ema.update();
    // Something drawn from the sequential stream, so its restored state matters.
    losses.put("draw", random.sequential().nextDouble());
    return losses;
  }

  /** Every variable of the graph (parameters and buffers) and every EMA value, by name. */
  Map<String, INDArray> state() {
    Map<String, INDArray> all = new LinkedHashMap<>();
    for (String name : GraphVariables.withPrefix(root, "").names()) {
      all.put(name, root.sd().getArrForVarName(name).dup());
    }
    ema.weights().forEach((k, v) -> all.put(k, v.dup()));
    adam.stateDict().forEach((k, v) -> all.put("optim." + k, v));
    return all;
  }

  TrainingLoop.Builder loop(TrainingSchedule schedule) {
    return TrainingLoop.builder()
        .step(this)
        .schedule(schedule)
        .history(history)
        .checkpointer(checkpointer);
  }
}

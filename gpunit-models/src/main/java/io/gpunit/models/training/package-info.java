/**
 * Training infrastructure shared by GP-UNIT stage 1 ({@code PriorDistillationTrainer}), stage 2 and
 * the UNIT / CycleGAN / MUNIT baselines. Each piece is a separate object; a trainer wires them:
 *
 * <ul>
 *   <li>{@link io.gpunit.models.training.ParameterGroup}: one network's trainable variables in a
 *       graph (by name prefix, buffers excluded);
 *   <li>{@link io.gpunit.models.training.Adam} (+ {@link io.gpunit.models.training.AdamConfig}):
 *       {@code torch.optim.Adam}'s update on one group, state exportable by name;
 *   <li>{@link io.gpunit.models.training.GradientStep}: forward + backward for one objective,
 *       gradients for one optimiser's variables only, update, buffer write-back ({@code
 *       Scope.bufferUpdates()});
 *   <li>{@link io.gpunit.models.training.Ema}: the {@code g_ema} moving average as a renamed copy;
 *   <li>{@link io.gpunit.models.training.TrainingRandom} / {@link io.gpunit.core.random.SplitMix64}
 *       / {@link io.gpunit.models.training.RandomArrays}: per-step randomness from (seed, step,
 *       purpose), noise drawn in Java and fed as placeholders;
 *   <li>{@link io.gpunit.models.training.Checkpointer}, {@link
 *       io.gpunit.models.training.CheckpointStore}, {@link io.gpunit.models.training.Stateful}: one
 *       safetensors file per run, replaced atomically ({@link io.gpunit.core.io.AtomicFiles});
 *       {@link io.gpunit.models.training.GraphVariables}, Adam, Ema, {@link
 *       io.gpunit.models.training.LossHistory} and TrainingRandom are its parts;
 *   <li>{@link io.gpunit.models.training.TrainingLoop} with a {@link
 *       io.gpunit.models.training.TrainingStep}, a {@link
 *       io.gpunit.models.training.TrainingSchedule} and {@link
 *       io.gpunit.models.training.TrainingListener}s ({@link
 *       io.gpunit.models.training.ProgressBarListener}, {@link
 *       io.gpunit.models.training.SampleGridListener}, {@link
 *       io.gpunit.models.training.LossCurveListener}); {@link io.gpunit.models.training.StopSignal}
 *       turns Ctrl-C into "finish this step, checkpoint, stop".
 * </ul>
 *
 * <p>Exact resume: a trainer whose step draws everything from {@code TrainingRandom.forStep} and
 * whose checkpointer holds every variable, optimiser, EMA, history and the generator continues bit
 * for bit ({@code TrainingLoopTest}, {@code PriorDistillationTrainerTest}).
 *
 * <p>Several objectives (a GAN's generator and discriminator steps): one {@code GradientStep} per
 * objective, each on its own graph, because switching a graph's loss variable makes SameDiff
 * rebuild its gradient function. After a step, {@link
 * io.gpunit.models.training.ParameterGroup#copyInto} brings the other graph's copy of the updated
 * network up to date (ND4J M2.1 graphs cannot share arrays by reference).
 */
package io.gpunit.models.training;

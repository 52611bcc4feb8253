/**
 * How every trainer runs (GP-UNIT stage 1 and 2, UNIT, CycleGAN, MUNIT), imaginaire's {@code
 * BaseTrainer} split into small parts. A trainer composes one {@link
 * io.gpunit.models.training.TrainingRun} (data with the batch-shape check, per-step randomness,
 * loss history, the checkpoint of its {@code Stateful} parts, resume, the loop, previews, the model
 * file) and keeps only its networks, objectives and feeds; a translator implements {@link
 * io.gpunit.models.training.ModelTrainer} (whose {@code finish()} hook completes the model, e.g.
 * GP-UNIT's sampler fit) and is built through a {@link io.gpunit.models.training.TrainerBuilder}
 * from a configuration whose builder extends {@link
 * io.gpunit.models.training.TrainingConfigBuilder}.
 *
 * <p>The parts, by package:
 *
 * <ul>
 *   <li>{@code .optim}: {@code ParameterGroup} (one network's trainable variables in a graph),
 *       {@code Adam} ({@code torch.optim.Adam}'s rule), {@code Ema} (the {@code g_ema} average),
 *       {@code GradientStep} (forward, backward, update and buffer write-back for one objective);
 *   <li>{@code .checkpoint}: {@code Checkpointer}, {@code CheckpointStore} (one safetensors file a
 *       run, replaced atomically), {@code Stateful} parts such as {@code GraphVariables}, and the
 *       run's {@code ConfigJson}, compared on resume;
 *   <li>{@code .loop}: {@code TrainingLoop} over a {@code TrainingStep} and {@code
 *       TrainingSchedule}, its listeners (progress bar, sample grids, loss curves, {@code
 *       NativeMemoryGuard}), {@code LossHistory} and {@code StopSignal} (Ctrl-C: finish the step,
 *       checkpoint, stop);
 *   <li>{@code .random}: {@code TrainingRandom} (every draw from (seed, step, purpose), so a
 *       resumed run continues bit for bit) and {@code RandomArrays};
 *   <li>{@code .data}: {@code UnpairedBatches} from two folders or two synthetic classes.
 * </ul>
 *
 * <p>Several objectives (a GAN's generator and discriminator steps): one {@code GradientStep} per
 * objective, each on its own graph, because switching a graph's loss variable makes SameDiff
 * rebuild its gradient function; after a step, {@code ParameterGroup.copyInto} brings the other
 * graph's copy of the updated network up to date (ND4J M2.1 graphs cannot share arrays).
 */
package io.gpunit.models.training;

/**
 * Training data: images, masks and batches for GP-UNIT's two stages and the baselines.
 *
 * <p>{@link io.gpunit.core.data.TwoDomainBatch} is one step's images of both domains; {@link
 * io.gpunit.core.data.MaskedPairFolders} reads stage-1 pairs with their masks, {@link
 * io.gpunit.core.data.Augmentation} is the official augmentation (resize to 286, random 256 crop,
 * random flip), {@link io.gpunit.core.data.SkippingImageLoader} reads a folder's images past the
 * unreadable ones, and {@link io.gpunit.core.data.synthetic.SyntheticPrior} renders
 * content-corresponding pairs procedurally, the stand-in for BigGAN's generative prior. The
 * trainers' batch sources ({@code io.gpunit.models.training.data.UnpairedBatches}) are built on
 * these.
 *
 * <p>Why this lives in gpunit-core: a dataset depends only on image decoding and tensors (the
 * {@code io.gpunit.core.image} package next door) and on nothing in the losses or the models, while
 * every module above core needs it: the losses' tests, the models' trainers, the examples and the
 * CLI, and the benchmarks all draw batches from these sources. Putting it in core keeps that
 * dependency pointing downwards only, and lets each of those modules test against the same
 * synthetic data without a new module in between.
 */
package io.gpunit.core.data;

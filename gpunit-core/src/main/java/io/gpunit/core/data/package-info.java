/**
 * Training data: two-domain image sources for GP-UNIT's two stages.
 *
 * <p>{@link io.gpunit.core.data.UnpairedImageFolders} reads the official folder layout with the
 * official augmentation (resize to 286, random 256 crop, random flip); {@link
 * io.gpunit.core.data.PairedDataset} reads stage-1 pairs that share one crop and flip; {@link
 * io.gpunit.core.data.synthetic.SyntheticPrior} renders content-corresponding pairs procedurally,
 * the stand-in for BigGAN's generative prior. All of them hand out batches through {@link
 * io.gpunit.core.data.TwoDomainSource}.
 *
 * <p>Why this lives in gpunit-core: a dataset depends only on image decoding and tensors (the
 * {@code io.gpunit.core.image} package next door) and on nothing in the losses or the models, while
 * every module above core needs it: the losses' tests, the models' trainers, the examples and the
 * CLI, and the benchmarks all draw batches from these sources. Putting it in core keeps that
 * dependency pointing downwards only, and lets each of those modules test against the same
 * synthetic data without a new module in between.
 */
package io.gpunit.core.data;

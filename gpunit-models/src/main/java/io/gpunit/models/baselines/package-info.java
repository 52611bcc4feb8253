/**
 * The building blocks the UNIT and MUNIT baselines share, as the official code shares them in its
 * {@code networks.py} (NVlabs/MUNIT, mingyuliutw/UNIT): {@link
 * io.gpunit.models.baselines.Conv2dBlock} (pad, conv, norm, activation), {@link
 * io.gpunit.models.baselines.ResBlocks}, the {@link io.gpunit.models.baselines.ContentEncoder} and
 * {@link io.gpunit.models.baselines.Decoder}, the {@link io.gpunit.models.baselines.Mlp}, the
 * multi-scale PatchGAN {@link io.gpunit.models.baselines.MsImageDis} and the alternating
 * discriminator / generator update both trainers run ({@link
 * io.gpunit.models.baselines.AlternatingUpdates}), from the official initialisation ({@link
 * io.gpunit.models.training.OfficialInit}). Parameters carry the official {@code state_dict} names.
 */
package io.gpunit.models.baselines;

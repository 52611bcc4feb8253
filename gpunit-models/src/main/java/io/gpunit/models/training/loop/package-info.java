/**
 * The training loop, its schedule and listeners (progress, sample grids, loss curves, native
 * memory), the loss history and the stop signal.
 */
package io.gpunit.models.training.loop;

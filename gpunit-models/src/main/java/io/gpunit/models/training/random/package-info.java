/**
 * Per-step randomness: every draw from (seed, step, purpose), so a resumed run draws what an
 * uninterrupted one would.
 */
package io.gpunit.models.training.random;

/**
 * Bit-for-bit resumable checkpoints: one safetensors file a run, its Stateful parts and the run's
 * configuration, compared on resume.
 */
package io.gpunit.models.training.checkpoint;

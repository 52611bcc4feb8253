/**
 * Optimisation: parameter groups, PyTorch's Adam, the EMA average and one objective's gradient
 * step.
 */
package io.gpunit.models.training.optim;

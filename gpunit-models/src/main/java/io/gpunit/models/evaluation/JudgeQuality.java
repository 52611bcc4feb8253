package io.gpunit.models.evaluation;

/**
 * How well a {@link SyntheticJudge} does on real renders it was not trained on.
 *
 * @param accuracy fraction of renders classified as their class
 * @param maskIou mean {@link MaskIou} of its masks against the renders' true masks
 */
public record JudgeQuality(double accuracy, double maskIou) {}

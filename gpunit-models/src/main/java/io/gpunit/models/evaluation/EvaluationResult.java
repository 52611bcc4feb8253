package io.gpunit.models.evaluation;

/**
 * One model's scores on a synthetic evaluation (see {@link Evaluation} for the definitions).
 *
 * @param model the name the model was evaluated under (usually its file)
 * @param architecture {@code TranslationNetwork.architecture()}
 * @param domains {@code "CAT->CAR"}
 * @param contentIou mean IoU of the output's mask with the ground-truth target mask
 * @param sourceIou mean IoU of the output's mask with the source image's mask
 * @param oracleSourceIou mean IoU of the ground-truth target mask with the source mask: what {@code
 *     sourceIou} is for a perfect translation
 * @param domainAccuracy fraction of outputs the judge classifies as domain B
 * @param diversity mean pairwise distance of the judge features of one content's outputs under
 *     sampled styles (0 for unimodal networks)
 * @param kid kernel inception distance of the outputs to the real targets
 * @param fid Fréchet distance of the outputs to the real targets
 */
public record EvaluationResult(
    String model,
    String architecture,
    String domains,
    double contentIou,
    double sourceIou,
    double oracleSourceIou,
    double domainAccuracy,
    double diversity,
    double kid,
    double fid) {}

package io.gpunit.models.gpunit;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Per-channel spatial statistics of a feature map, both [N, C, 1, 1]: the image-level style that
 * the stage-1 style encoder extracts ({@code getstyle} in the official {@code content_encoder.py}:
 * mean and unbiased standard deviation over the H·W positions).
 */
public record FeatureStatistics(SDVariable mean, SDVariable std) {}

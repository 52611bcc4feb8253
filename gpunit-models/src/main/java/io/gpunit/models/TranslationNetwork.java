package io.gpunit.models;

import io.gpunit.core.random.SplitMix64;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained translation network from domain A to domain B, as {@link Translator}, the evaluation
 * and the CLI run it, whatever its architecture (GP-UNIT, UNIT, CycleGAN, MUNIT).
 *
 * <p>Multimodal networks ({@link #styleDim()} {@code > 0}) translate {@code y = G(x, s)} with a
 * style code {@code s} taken from an exemplar of B ({@link #encodeStyle}) or sampled ({@link
 * #sampleStyles}). Unimodal networks (UNIT, CycleGAN) have {@code styleDim() == 0}: they take no
 * code and reject the style methods with {@link UnsupportedOperationException}.
 *
 * <p>Images are {@code [N,3,S,S]} float tensors in [-1, 1] with {@code S = imageSize()}.
 * Implementations are not thread-safe; {@link Translator} serialises calls.
 */
public interface TranslationNetwork extends AutoCloseable {

  /** The {@link ModelFile#ARCHITECTURE} value: {@code gpunit}, {@code unit}, {@code cyclegan}, … */
  String architecture();

  /** The side S the network takes its inputs at. */
  int imageSize();

  /** Length of a style code; 0 for unimodal networks. */
  int styleDim();

  default boolean isMultimodal() {
    return styleDim() > 0;
  }

  /**
   * Translates {@code content} [N,3,S,S] with {@code styleCodes} [N, styleDim] (ignored, may be
   * null, when unimodal) into domain B.
   */
  INDArray translate(INDArray content, INDArray styleCodes);

  /**
   * The style codes [N, styleDim] of exemplars [N,3,H,W] of domain B (style encoders pool globally,
   * so H and W need not be S).
   */
  INDArray encodeStyle(INDArray images);

  /** {@code n} style codes [n, styleDim] of domain B drawn from {@code random} only. */
  INDArray sampleStyles(int n, SplitMix64 random);

  /**
   * Releases what the network holds beyond the Java heap. M2.1's SameDiff graphs have nothing to
   * release (their arrays go with the garbage collector), so the default does nothing.
   */
  @Override
  default void close() {}
}

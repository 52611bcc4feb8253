package io.gpunit.core.nn;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Spectral normalisation of a weight, exactly as {@code torch.nn.utils.spectral_norm} with one power
 * iteration (Miyato et al. 2018).
 *
 * <p>With {@code W_mat = weight_orig.reshape(out, −1)} and {@code normalize(x) = x / max(‖x‖₂,
 * 1e-12)}:
 *
 * <ul>
 *   <li>TRAINING: {@code v' = normalize(W_matᵀ u)}, {@code u' = normalize(W_mat v')} computed on a
 *       detached {@code W_mat}; {@code σ = u'ᵀ W_mat v'} where u', v' are constants for the gradient
 *       but {@code W_mat} is not. The buffers take u', v' after the step.
 *   <li>INFERENCE: {@code σ = uᵀ W_mat v} with the stored u, v, no iteration.
 * </ul>
 *
 * The layer then uses {@code W = weight_orig / σ}. Parameters are named like PyTorch's: {@code
 * <name>_orig} (trainable), {@code <name>_u} [out] and {@code <name>_v} [in·k·k] (buffers, initialised
 * to normalised standard normal vectors).
 *
 * <p>A layer applied twice in one training graph registers two updates of the same buffers, each
 * computed from the stored u; PyTorch would chain the two iterations.
 */
public final class SpectralNorm {

  /** PyTorch's {@code eps} in {@code normalize}. */
  public static final double EPS = 1e-12;

  private SpectralNorm() {}

  /**
   * Creates (or reuses) {@code <name>_orig}, {@code <name>_u}, {@code <name>_v} in {@code scope} and
   * returns the normalised weight {@code weight_orig / σ}.
   */
  public static SDVariable weight(Scope scope, String name, long[] shape, Init init) {
    long rows = shape[0];
    long cols = Arrays.stream(shape).skip(1).reduce(1, Math::multiplyExact);
    SDVariable weightOrig = scope.param(name + "_orig", shape, init);
    SDVariable u = scope.buffer(name + "_u", new long[] {rows}, unitNormal());
    SDVariable v = scope.buffer(name + "_v", new long[] {cols}, unitNormal());
    SDVariable matrix = weightOrig.reshape(rows, cols);

    SDVariable uUsed;
    SDVariable vUsed;
    if (scope.isTraining()) {
      SDVariable detached = stopGradient(matrix);
      SDVariable vNext = normalize(scope, u.reshape(1, rows).mmul(detached).reshape(cols));
      SDVariable uNext = normalize(scope, detached.mmul(vNext.reshape(cols, 1)).reshape(rows));
      uUsed = stopGradient(uNext);
      vUsed = stopGradient(vNext);
      scope.updateBuffer(u, uUsed);
      scope.updateBuffer(v, vUsed);
    } else {
      uUsed = stopGradient(u);
      vUsed = stopGradient(v);
    }
    SDVariable sigma = matrix.mmul(vUsed.reshape(cols, 1)).reshape(rows).mul(uUsed).sum();
    // Multiplying by 1/σ rather than dividing: the gradient of a division by a rank-0 variable is
    // wrong in ND4J 1.0.0-M2.1.
    return weightOrig.mul(scope.sd().math().reciprocal(sigma));
  }

  /** {@code x / max(‖x‖₂, 1e-12)}. */
  private static SDVariable normalize(Scope scope, SDVariable x) {
    SameDiff sd = scope.sd();
    SDVariable eps = sd.constant(Nd4j.scalar(scope.dataType(), EPS));
    return x.mul(sd.math().reciprocal(sd.math().max(x.norm2(), eps)));
  }

  private static SDVariable stopGradient(SDVariable x) {
    return new StopGradient(x.getSameDiff(), x).outputVariable();
  }

  /** A standard normal vector scaled to unit length, as PyTorch initialises u and v. */
  private static Init unitNormal() {
    return (shape, dataType, random) -> {
      INDArray values = Init.normal(1).create(shape, DataType.DOUBLE, random);
      return values.divi(Math.max(values.norm2Number().doubleValue(), EPS)).castTo(dataType);
    };
  }
}

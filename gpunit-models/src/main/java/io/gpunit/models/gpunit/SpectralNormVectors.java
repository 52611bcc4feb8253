package io.gpunit.models.gpunit;

import com.google.common.base.Preconditions;
import io.gpunit.core.nn.SpectralNorm;
import io.gpunit.models.training.checkpoint.Checkpoint;
import io.gpunit.models.training.checkpoint.Stateful;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The spectral-norm vectors {@code u, v} of a network whose weights do not change, iterated outside
 * any graph. The case it exists for: the frozen content encoder E<sub>c</sub> as the official
 * {@code train.py} evolves it: it never calls {@code netEC.eval()}, so every call of E<sub>c</sub>
 * runs one power iteration of every spectral-normed convolution and the call uses the new vectors
 * ({@code torch.nn.utils.spectral_norm} in training mode):
 *
 * <pre>
 *   v ← normalize(W_matᵀ u),   u ← normalize(W_mat v),   σ = uᵀ W_mat v
 * </pre>
 *
 * with {@code W_mat = weight_orig.reshape(out, −1)} fixed (E<sub>c</sub> is frozen). Because only u
 * and v move, {@link #advance()} runs the iteration here, in float32 as PyTorch does, and the
 * trainer hands the vectors to its inference-mode graphs of E<sub>c</sub> (which compute σ from the
 * stored u, v) before each call: the same σ as the training-mode call. The vectors are part of a
 * checkpoint ({@code content_encoder.<layer>.weight_u|_v}) so a resumed run continues exactly.
 */
public final class SpectralNormVectors implements Stateful {

  private static final String ORIG = "_orig";

  /**
   * weight_orig reshaped to [out, in·k·k], by the layer's weight name ({@code
   * layer1.0.conv.weight}).
   */
  private final Map<String, INDArray> matrices = new TreeMap<>();

  /** The live vectors by local name ({@code layer1.0.conv.weight_u}, {@code …_v}). */
  private final Map<String, INDArray> vectors = new TreeMap<>();

  private final String checkpointPrefix;

  /**
   * @param weights the network's tensors under local names; every {@code *_orig} needs its {@code
   *     _u} and {@code _v}
   * @param checkpointPrefix prefix of the vectors' names in a checkpoint ({@code content_encoder.})
   */
  public SpectralNormVectors(Map<String, INDArray> weights, String checkpointPrefix) {
    this.checkpointPrefix = checkpointPrefix;
    weights.forEach(
        (name, w) -> {
          if (!name.endsWith(ORIG)) {
            return;
          }
          String layer = name.substring(0, name.length() - ORIG.length());
          INDArray u = weights.get(layer + "_u");
          INDArray v = weights.get(layer + "_v");
          Preconditions.checkArgument(
              u != null && v != null, "'%s' has no %s_u or %s_v", name, layer, layer);
          INDArray matrix = w.dup().reshape(w.size(0), w.length() / w.size(0));
          Preconditions.checkArgument(
              u.length() == matrix.rows() && v.length() == matrix.columns(),
              "%s_u / _v have %s / %s entries, %s needs %s / %s",
              layer,
              u.length(),
              v.length(),
              name,
              matrix.rows(),
              matrix.columns());
          matrices.put(layer, matrix);
          vectors.put(layer + "_u", u.dup().reshape(matrix.rows()));
          vectors.put(layer + "_v", v.dup().reshape(matrix.columns()));
        });
    Preconditions.checkArgument(!matrices.isEmpty(), "the weights have no spectral norms");
  }

  /** One power iteration of every layer (what a training-mode forward pass does first). */
  public void advance() {
    matrices.forEach(
        (layer, w) -> {
          INDArray u = vectors.get(layer + "_u");
          INDArray v = vectors.get(layer + "_v");
          v.assign(normalize(w.transpose().mmul(u.reshape(u.length(), 1))));
          u.assign(normalize(w.mmul(v.reshape(v.length(), 1))));
        });
  }

  private static INDArray normalize(INDArray x) {
    double norm = Math.max(x.norm2Number().doubleValue(), SpectralNorm.EPS);
    return x.div(norm).reshape(x.length());
  }

  /**
   * Sets the variables {@code prefix + name} of {@code sd} that exist to the current vectors (a
   * graph may hold only some of E<sub>c</sub>'s layers).
   */
  public void writeTo(SameDiff sd, String prefix) {
    vectors.forEach(
        (name, value) -> {
          if (sd.hasVariable(prefix + name)) {
            sd.getArrForVarName(prefix + name).assign(value);
          }
        });
  }

  /** The current vectors by local name; live arrays, do not modify. */
  public Map<String, INDArray> vectors() {
    return Collections.unmodifiableMap(vectors);
  }

  @Override
  public void saveTo(Checkpoint.Builder checkpoint) {
    vectors.forEach((name, value) -> checkpoint.tensor(checkpointPrefix + name, value.dup()));
  }

  @Override
  public void loadFrom(Checkpoint checkpoint) {
    Map<String, INDArray> stored = new LinkedHashMap<>();
    vectors.forEach(
        (name, value) -> {
          INDArray s = checkpoint.tensor(checkpointPrefix + name);
          Preconditions.checkArgument(
              Arrays.equals(s.shape(), value.shape()) && s.dataType() == value.dataType(),
              "checkpoint '%s' is %s %s, expected %s %s",
              checkpointPrefix + name,
              s.dataType(),
              Arrays.toString(s.shape()),
              value.dataType(),
              Arrays.toString(value.shape()));
          stored.put(name, s);
        });
    stored.forEach((name, s) -> vectors.get(name).assign(s));
  }
}

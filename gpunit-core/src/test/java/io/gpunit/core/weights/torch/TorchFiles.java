package io.gpunit.core.weights.torch;

import io.gpunit.core.weights.TensorSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes {@code .pt} files as {@code torch.save} does, for tests in other modules that need official
 * checkpoints (torch itself cannot be installed here). Floating tensors are stored as float32,
 * integer tensors as int64; each tensor gets its own storage.
 */
public final class TorchFiles {

  private TorchFiles() {}

  /** {@code torch.save(state_dict, file)}: a bare state dict, like {@code content_encoder.pt}. */
  public static Path saveStateDict(Map<String, INDArray> stateDict, Path file) throws IOException {
    return TorchSaveWriter.save(toStateDict(stateDict, new int[] {0}), file);
  }

  /** {@code torch.save({"g_ema": sd1, "sampler": sd2, ...}, file)}, like a GP-UNIT task file. */
  public static Path saveStateDicts(Map<String, Map<String, INDArray>> stateDicts, Path file)
      throws IOException {
    int[] nextKey = {0};
    Map<Object, Object> root = new LinkedHashMap<>();
    stateDicts.forEach((name, sd) -> root.put(name, toStateDict(sd, nextKey)));
    return TorchSaveWriter.save(root, file);
  }

  /** The released checkpoint pair of a GP-UNIT model: where they were written. */
  public record OfficialPair(Path contentEncoder, Path task) {}

  /**
   * Writes a converted GP-UNIT model ({@code content_encoder.*}, {@code g_ema.*}, {@code sampler.*})
   * back as the released files: {@code content_encoder.pt} (a bare state dict) and {@code task.pt}
   * ({@code {"g_ema": ..., "sampler": ...}}), or only the entries named in {@code taskEntries}.
   */
  public static OfficialPair saveAsOfficialGpUnit(
      TensorSource model, Path dir, String... taskEntries) throws IOException {
    Map<String, Map<String, INDArray>> task = new LinkedHashMap<>();
    for (String entry : taskEntries.length == 0 ? new String[] {"g_ema", "sampler"} : taskEntries) {
      task.put(entry, under(model, entry + "."));
    }
    return new OfficialPair(
        saveStateDict(under(model, "content_encoder."), dir.resolve("content_encoder.pt")),
        saveStateDicts(task, dir.resolve("task.pt")));
  }

  private static Map<String, INDArray> under(TensorSource model, String prefix) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (String name : model.names()) {
      if (name.startsWith(prefix)) {
        out.put(name.substring(prefix.length()), model.get(name));
      }
    }
    return out;
  }

  private static Py.OrderedDict toStateDict(Map<String, INDArray> tensors, int[] nextKey) {
    List<Object> keysAndValues = new ArrayList<>();
    tensors.forEach(
        (name, array) -> {
          keysAndValues.add(name);
          keysAndValues.add(toTensor(array, Integer.toString(nextKey[0]++)));
        });
    return Py.OrderedDict.stateDict(keysAndValues.toArray());
  }

  private static Py.Tensor toTensor(INDArray array, String key) {
    long[] shape = array.shape();
    Py.Storage storage =
        array.dataType().isFPType()
            ? Py.Storage.float32(key, array.ravel().toFloatVector())
            : Py.Storage.int64(key, array.ravel().toLongVector());
    return Py.Tensor.contiguous(storage, 0, shape);
  }
}

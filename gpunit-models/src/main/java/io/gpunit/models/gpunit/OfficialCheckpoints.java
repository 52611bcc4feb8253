package io.gpunit.models.gpunit;

import io.gpunit.core.weights.TensorSource;
import io.gpunit.core.weights.torch.TorchCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The released GP-UNIT checkpoints as gpunit's converted layout: {@code content_encoder.pt} (a bare
 * state dict) becomes {@code content_encoder.*}, and a task file {@code <task>.pt} ({@code
 * {"g_ema": ..., "sampler": ...}}) becomes {@code g_ema.*} and {@code sampler.*}. Both are read
 * with the restricted unpickler of {@link TorchCheckpoint}, so no code in the files is ever run.
 */
public final class OfficialCheckpoints {

  private OfficialCheckpoints() {}

  /**
   * The tensors of both files under the prefixes {@link GpUnitGraph} loads, each file read within
   * {@link TorchCheckpoint#defaultStorageBudget()}.
   */
  public static TensorSource read(Path contentEncoderPt, Path taskPt) {
    return read(contentEncoderPt, taskPt, TorchCheckpoint.defaultStorageBudget());
  }

  /**
   * The tensors of both files, each refused (an {@link UncheckedIOException} around a {@link
   * io.gpunit.core.weights.torch.CheckpointTooLargeException}) when its tensors declare more than
   * {@code maxStorageBytes}.
   */
  public static TensorSource read(Path contentEncoderPt, Path taskPt, long maxStorageBytes) {
    Map<String, INDArray> tensors = new LinkedHashMap<>();
    TorchCheckpoint encoder = open(contentEncoderPt, maxStorageBytes);
    TorchCheckpoint task = open(taskPt, maxStorageBytes);
    put(tensors, GpUnitConfig.CONTENT_ENCODER, stateDict(encoder, contentEncoderPt));
    put(tensors, GpUnitConfig.GENERATOR, stateDict(task, taskPt, GpUnitConfig.GENERATOR));
    put(tensors, GpUnitConfig.SAMPLER, stateDict(task, taskPt, GpUnitConfig.SAMPLER));
    return TensorSource.of(tensors);
  }

  private static TorchCheckpoint open(Path file, long maxStorageBytes) {
    try {
      return TorchCheckpoint.read(file, maxStorageBytes);
    } catch (IOException e) {
      // The reader's messages start with the file already.
      String problem = String.valueOf(e.getMessage()).replace(file + ": ", "");
      throw new UncheckedIOException("cannot read PyTorch checkpoint " + file + ": " + problem, e);
    }
  }

  private static Map<String, INDArray> stateDict(TorchCheckpoint ckpt, Path file, String... path) {
    try {
      return ckpt.stateDict(path);
    } catch (IllegalArgumentException e) {
      String what =
          path.length == 0 ? "a state dict" : "a \"" + String.join(".", path) + "\" entry";
      throw new IllegalArgumentException(
          file + " is not a GP-UNIT checkpoint: expected " + what + " (" + e.getMessage() + ")", e);
    }
  }

  private static void put(
      Map<String, INDArray> into, String prefix, Map<String, INDArray> tensors) {
    tensors.forEach((name, array) -> into.put(prefix + "." + name, array));
  }
}

package io.gpunit.models.training.checkpoint;

import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Run in a child JVM by {@link CheckpointStoreTest}: writes a large checkpoint through {@link
 * CheckpointStore} so the parent can kill the process in the middle of the write.
 *
 * <p>Arguments: the checkpoint file, the number of tensors, the elements per tensor.
 */
public final class CheckpointWriterProcess {

  private CheckpointWriterProcess() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int tensors = Integer.parseInt(args[1]);
    long elements = Long.parseLong(args[2]);
    Checkpoint.Builder b = Checkpoint.builder(999);
    for (int i = 0; i < tensors; i++) {
      b.tensor("big." + i, Nd4j.valueArrayOf(new long[] {elements}, 7.0f + i, DataType.FLOAT));
    }
    Checkpoint checkpoint = b.build();
    System.out.println("WRITING");
    System.out.flush();
    new CheckpointStore(file).save(checkpoint);
    System.out.println("DONE");
  }
}

package io.gpunit.spark;

import com.google.common.hash.Hashing;
import io.gpunit.models.ModelLoadException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model file's bytes and its id ({@code name@sha256:<16 hex>}), read once on the driver and
 * broadcast: each executor fetches it once and builds its network from it ({@link
 * ExecutorTranslators}).
 */
public final class ModelPayload implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A Java array holds at most this many bytes. */
  private static final long MAX_BYTES = Integer.MAX_VALUE - 8L;

  private final String id;
  private final byte[] bytes;

  private ModelPayload(String id, byte[] bytes) {
    this.id = id;
    this.bytes = bytes;
  }

  /** Reads a model file from any Hadoop file system ({@code file:}, {@code hdfs:}, {@code s3a:}, …). */
  public static ModelPayload read(String location, Configuration hadoop) {
    Objects.requireNonNull(location, "location");
    Path path = new Path(location);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      FileStatus status = fs.getFileStatus(path);
      if (!status.isFile()) {
        throw new ModelLoadException(location, "not a regular file");
      }
      if (status.getLen() > MAX_BYTES) {
        throw new ModelLoadException(
            location, "model files over 2 GiB cannot be broadcast (" + status.getLen() + " bytes)");
      }
      try (InputStream in = fs.open(path)) {
        return of(path.getName(), in.readAllBytes());
      }
    } catch (FileNotFoundException e) {
      throw new ModelLoadException(location, "no such file");
    } catch (IOException e) {
      throw new ModelLoadException(location, "cannot read: " + e.getMessage(), e);
    }
  }

  /** A model held in memory, identified by {@code name} and its content hash. */
  public static ModelPayload of(String name, byte[] bytes) {
    String hash = Hashing.sha256().hashBytes(bytes).toString().substring(0, 16);
    return new ModelPayload(name + "@sha256:" + hash, bytes.clone());
  }

  /** {@code name@sha256:<first 16 hex digits>}: names the model in every output row. */
  public String id() {
    return id;
  }

  byte[] bytes() {
    return bytes;
  }
}

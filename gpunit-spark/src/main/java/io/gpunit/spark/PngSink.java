package io.gpunit.spark;

import io.gpunit.core.random.SplitMix64;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Writes the PNGs of translated rows as files under a directory of any Hadoop file system, each as
 * {@code <stem>-<8 hex digits of the path's hash>.png} (inputs with one name in several folders do
 * not collide). Each file is written to a temporary name and renamed into place, so a killed or
 * retried task never leaves a half-written PNG; a retry rewrites the same bytes.
 */
public final class PngSink implements ForeachPartitionFunction<Row> {

  private static final long serialVersionUID = 1L;

  private final String directory;
  private final Broadcast<SerializableConfiguration> hadoop;

  private PngSink(String directory, Broadcast<SerializableConfiguration> hadoop) {
    this.directory = directory;
    this.hadoop = hadoop;
  }

  /** Writes every row that has a PNG; bad rows are skipped (their reasons are in the data frame). */
  public static void write(Dataset<Row> translated, String directory) {
    JavaSparkContext context =
        JavaSparkContext.fromSparkContext(translated.sparkSession().sparkContext());
    Broadcast<SerializableConfiguration> conf =
        context.broadcast(new SerializableConfiguration(context.hadoopConfiguration()));
    translated
        .select(TranslatedRows.PATH, TranslatedRows.PNG)
        .where(translated.col(TranslatedRows.PNG).isNotNull())
        .foreachPartition(new PngSink(directory, conf));
  }

  /** The file name the PNG of the input at {@code path} gets. */
  public static String fileName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String stem = dot <= 0 ? name : name.substring(0, dot);
    String hash = String.format(Locale.ROOT, "%016x", SplitMix64.key(path)).substring(0, 8);
    return stem + "-" + hash + ".png";
  }

  @Override
  public void call(Iterator<Row> rows) throws IOException {
    Path dir = new Path(directory);
    FileSystem fs = dir.getFileSystem(hadoop.value().value());
    if (fs instanceof LocalFileSystem local) {
      fs = local.getRaw(); // no .crc files beside the PNGs
    }
    fs.mkdirs(dir);
    String attempt = String.valueOf(TaskContext.get().taskAttemptId());
    while (rows.hasNext()) {
      Row row = rows.next();
      String path = row.getString(0);
      Path target = new Path(dir, fileName(path));
      Path temporary = new Path(dir, "." + target.getName() + "." + attempt + ".tmp");
      try (OutputStream out = fs.create(temporary, true)) {
        out.write((byte[]) row.get(1));
      }
      if (!fs.rename(temporary, target)) {
        // HDFS does not rename over an existing file (a retried task's or an earlier run's).
        fs.delete(target, false);
        if (!fs.rename(temporary, target)) {
          throw new UncheckedIOException(
              new IOException("cannot rename " + temporary + " to " + target));
        }
      }
    }
  }
}

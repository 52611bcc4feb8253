package io.gpunit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Input data frames for {@link SparkTranslate#translate}: columns {@value #PATH} (string), {@value
 * #CONTENT} (binary, null when not read) and {@value #LENGTH} (long).
 */
public final class ImageSources {

  public static final String PATH = "path";
  public static final String CONTENT = "content";
  public static final String LENGTH = "length";

  private ImageSources() {}

  /**
   * The files under a directory or matching a glob, through Spark's {@code binaryFile} source.
   * Files over {@code maxBytes} keep their row (they become "too large" bad rows) but are never
   * read: the length filter is pushed into the file scan, which skips their content. Empty files
   * keep their row too.
   */
  public static Dataset<Row> readImages(SparkSession spark, String pathOrGlob, long maxBytes) {
    Dataset<Row> files = fromBinaryFiles(spark.read().format("binaryFile").load(pathOrGlob), maxBytes);
    List<Row> empty = emptyFiles(pathOrGlob, spark.sparkContext().hadoopConfiguration());
    return empty.isEmpty() ? files : files.union(spark.createDataFrame(empty, files.schema()));
  }

  /**
   * Spark's file scan drops zero-length files; they are listed here (as {@code binaryFile} would
   * list them: the directory's own files, or the glob's matches, hidden names left out) so that
   * they become "empty file" bad rows instead of vanishing from the counts.
   */
  private static List<Row> emptyFiles(String pathOrGlob, Configuration hadoop) {
    Path pattern = new Path(pathOrGlob);
    List<Row> rows = new ArrayList<>();
    try {
      FileSystem fs = pattern.getFileSystem(hadoop);
      FileStatus[] matches = fs.globStatus(pattern);
      for (FileStatus match : matches == null ? new FileStatus[0] : matches) {
        FileStatus[] files = match.isDirectory() ? fs.listStatus(match.getPath()) : new FileStatus[] {match};
        for (FileStatus file : files) {
          String name = file.getPath().getName();
          if (file.isFile() && file.getLen() == 0 && !name.startsWith("_") && !name.startsWith(".")) {
            rows.add(RowFactory.create(file.getPath().toString(), new byte[0], 0L));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + pathOrGlob + ": " + e.getMessage(), e);
    }
    return rows;
  }

  /** A data frame from the {@code binaryFile} source (path, modificationTime, length, content). */
  public static Dataset<Row> fromBinaryFiles(Dataset<Row> files, long maxBytes) {
    Dataset<Row> small =
        files.filter(col(LENGTH).leq(maxBytes)).select(col(PATH), col(CONTENT), col(LENGTH));
    Dataset<Row> large =
        files
            .filter(col(LENGTH).gt(maxBytes))
            .select(col(PATH), lit(null).cast(DataTypes.BinaryType).as(CONTENT), col(LENGTH));
    return small.union(large);
  }

  /** Parquet (or any table) with a path column and a binary image column. */
  public static Dataset<Row> readParquet(
      SparkSession spark, String location, String pathColumn, String contentColumn) {
    return fromTable(spark.read().parquet(location), pathColumn, contentColumn);
  }

  /** Any data frame with a string path column and a binary image column. */
  public static Dataset<Row> fromTable(Dataset<Row> table, String pathColumn, String contentColumn) {
    return table.select(
        col(pathColumn).cast(DataTypes.StringType).as(PATH),
        col(contentColumn).cast(DataTypes.BinaryType).as(CONTENT),
        lit(null).cast(DataTypes.LongType).as(LENGTH));
  }
}

package io.gpunit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a translation job did: images translated and bad rows (with the first reasons), images per
 * second over the job's wall-clock time and per executor (over the span from its first batch's
 * start to its last batch's end).
 *
 * @param translated rows with a PNG
 * @param failed rows with an error
 * @param seconds the job's wall-clock time
 * @param executors one entry per executor
 * @param firstErrors up to {@value #ERRORS_SHOWN} bad rows as {@code path: reason}
 */
public record JobSummary(
    long translated,
    long failed,
    double seconds,
    List<ExecutorThroughput> executors,
    List<String> firstErrors) {

  static final int ERRORS_SHOWN = 10;

  /** One executor's share. */
  public record ExecutorThroughput(String executor, long translated, long failed, double seconds) {
    public double imagesPerSecond() {
      return seconds > 0 ? translated / seconds : 0;
    }
  }

  /** Summarises translated rows (two small actions: cache them first). */
  public static JobSummary of(Dataset<Row> translated, double seconds) {
    List<ExecutorThroughput> executors = new ArrayList<>();
    long ok = 0;
    long bad = 0;
    for (Row r :
        translated
            .groupBy(TranslatedRows.EXECUTOR)
            .agg(
                count(TranslatedRows.PNG),
                count(TranslatedRows.ERROR),
                min(TranslatedRows.BATCH_STARTED_MS),
                max(TranslatedRows.BATCH_FINISHED_MS))
            .orderBy(TranslatedRows.EXECUTOR)
            .collectAsList()) {
      ExecutorThroughput e =
          new ExecutorThroughput(
              r.getString(0), r.getLong(1), r.getLong(2), (r.getLong(4) - r.getLong(3)) / 1e3);
      executors.add(e);
      ok += e.translated();
      bad += e.failed();
    }
    List<String> errors = new ArrayList<>();
    for (Row r :
        translated
            .where(col(TranslatedRows.ERROR).isNotNull())
            .select(TranslatedRows.PATH, TranslatedRows.ERROR)
            .orderBy(TranslatedRows.PATH)
            .limit(ERRORS_SHOWN)
            .collectAsList()) {
      errors.add(r.getString(0) + ": " + r.getString(1));
    }
    return new JobSummary(ok, bad, seconds, List.copyOf(executors), List.copyOf(errors));
  }

  public double imagesPerSecond() {
    return seconds > 0 ? translated / seconds : 0;
  }

  /** The summary as printed by the job. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "translated %d images in %.1f s (%.2f images/s), %d bad rows",
            translated,
            seconds,
            imagesPerSecond(),
            failed));
    for (ExecutorThroughput e : executors) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  executor %s: %d images, %d bad rows, %.2f images/s over %.1f s",
              e.executor(),
              e.translated(),
              e.failed(),
              e.imagesPerSecond(),
              e.seconds()));
    }
    for (String error : firstErrors) {
      lines.add("  bad row " + error);
    }
    if (failed > firstErrors.size()) {
      lines.add("  ... and " + (failed - firstErrors.size()) + " more (see the error column)");
    }
    return lines;
  }
}

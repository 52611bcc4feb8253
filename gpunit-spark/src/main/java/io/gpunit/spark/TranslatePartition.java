package io.gpunit.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * Translates one partition lazily, a batch at a time: the task holds one batch of inputs and its
 * outputs, whatever the partition's size. Input rows have a {@code path} string, a {@code content}
 * binary (null when the file was not read) and, optionally, a {@code length}.
 */
final class TranslatePartition implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  private final Broadcast<ModelPayload> model;
  private final TranslateOptions options;

  TranslatePartition(Broadcast<ModelPayload> model, TranslateOptions options) {
    this.model = model;
    this.options = options;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    if (!rows.hasNext()) {
      return Collections.emptyIterator();
    }
    ModelPayload payload = model.value();
    BatchTranslator batches =
        new BatchTranslator(
            ExecutorTranslators.get(payload, options),
            payload.id(),
            options,
            SparkEnv.get().executorId());
    return new Iterator<>() {
      private Iterator<Row> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && rows.hasNext()) {
          current = batches.translate(nextBatch(rows)).iterator();
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  private List<ImageInput> nextBatch(Iterator<Row> rows) {
    List<ImageInput> batch = new ArrayList<>(options.batchSize());
    while (batch.size() < options.batchSize() && rows.hasNext()) {
      batch.add(input(rows.next()));
    }
    return batch;
  }

  private static ImageInput input(Row row) {
    byte[] content = row.getAs(ImageSources.CONTENT);
    int lengthField = Arrays.asList(row.schema().fieldNames()).indexOf(ImageSources.LENGTH);
    long length =
        lengthField >= 0 && !row.isNullAt(lengthField)
            ? row.getLong(lengthField)
            : content == null ? 0 : content.length;
    return new ImageInput(row.getAs(ImageSources.PATH), content, length);
  }
}

package io.gpunit.spark;

import io.gpunit.models.Translator;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Translates data frames of images on Spark with one model:
 *
 * <pre>{@code
 * SparkTranslate gpunit = SparkTranslate.load(spark, "hdfs:///models/cat2dog.safetensors");
 * Dataset<Row> images = ImageSources.readImages(spark, "hdfs:///photos/*.jpg", options.maxBytes());
 * Dataset<Row> out = gpunit.translate(images, TranslateOptions.defaults().withSeed(7));
 * out.write().parquet("hdfs:///photos-translated");        // or PngSink.write(out, "hdfs:///pngs")
 * }</pre>
 *
 * <p>The model file is read once on the driver and broadcast; each executor JVM builds one network
 * from it on first use and keeps it for every later task ({@link ExecutorTranslators}). Rows are
 * translated in batches inside {@code mapPartitions}; each output row is described by {@link
 * TranslatedRows}.
 */
public final class SparkTranslate {

  private final Broadcast<ModelPayload> model;
  private final String modelId;

  private SparkTranslate(Broadcast<ModelPayload> model, String modelId) {
    this.model = model;
    this.modelId = modelId;
  }

  /** Reads the model from any Hadoop file system and broadcasts it. */
  public static SparkTranslate load(SparkSession spark, String modelLocation) {
    return of(
        spark, ModelPayload.read(modelLocation, spark.sparkContext().hadoopConfiguration()));
  }

  public static SparkTranslate of(SparkSession spark, ModelPayload model) {
    Objects.requireNonNull(model, "model");
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return new SparkTranslate(context.broadcast(model), model.id());
  }

  /**
   * Builds (or reuses) this JVM's translator for the options, so that a bad model, or a style the
   * model cannot take, fails here in one line rather than in every task. In local mode the driver
   * is the executor and the tasks reuse this translator.
   */
  public Translator check(TranslateOptions options) {
    Translator translator = ExecutorTranslators.get(model.value(), options);
    new BatchTranslator(translator, modelId, options, "driver");
    return translator;
  }

  /**
   * One {@link TranslatedRows} row per input row of {@code images} (columns of {@link
   * ImageSources}). Lazy, like any transformation; nothing runs until an action.
   */
  public Dataset<Row> translate(Dataset<Row> images, TranslateOptions options) {
    Objects.requireNonNull(options, "options");
    return images.mapPartitions(
        new TranslatePartition(model, options), Encoders.row(TranslatedRows.SCHEMA));
  }

  /** {@link ModelPayload#id()}. */
  public String modelId() {
    return modelId;
  }
}

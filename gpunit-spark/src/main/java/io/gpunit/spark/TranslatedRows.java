package io.gpunit.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The columns {@link SparkTranslate#translate} adds: one row per input row, with the PNG or the
 * reason there is none.
 */
public final class TranslatedRows {

  /** The input's path. */
  public static final String PATH = "path";

  /** The translated image as PNG bytes; null on a bad row. */
  public static final String PNG = "png";

  /** The exemplar's path, or null for a sampled style. */
  public static final String STYLE_EXEMPLAR = "style_exemplar";

  /** The sampled style's seed ({@code Translator.builder().seed(...)}), or null. */
  public static final String STYLE_SEED = "style_seed";

  /** {@link ModelPayload#id()}. */
  public static final String MODEL = "model";

  /** Why the row was not translated, or null. */
  public static final String ERROR = "error";

  /** The Spark executor that translated the row ("driver" in local mode). */
  public static final String EXECUTOR = "executor";

  /** Checking, decoding and preparing this image. */
  public static final String DECODE_MS = "decode_ms";

  /** This image's share of its batch's forward pass. */
  public static final String TRANSLATE_MS = "translate_ms";

  /** Turning the output into PNG bytes. */
  public static final String ENCODE_MS = "encode_ms";

  /** Wall-clock start and end of the row's batch, epoch milliseconds. */
  public static final String BATCH_STARTED_MS = "batch_started_ms";

  public static final String BATCH_FINISHED_MS = "batch_finished_ms";

  public static final StructType SCHEMA =
      new StructType()
          .add(PATH, DataTypes.StringType, false)
          .add(PNG, DataTypes.BinaryType, true)
          .add(STYLE_EXEMPLAR, DataTypes.StringType, true)
          .add(STYLE_SEED, DataTypes.LongType, true)
          .add(MODEL, DataTypes.StringType, false)
          .add(ERROR, DataTypes.StringType, true)
          .add(EXECUTOR, DataTypes.StringType, false)
          .add(DECODE_MS, DataTypes.DoubleType, false)
          .add(TRANSLATE_MS, DataTypes.DoubleType, false)
          .add(ENCODE_MS, DataTypes.DoubleType, false)
          .add(BATCH_STARTED_MS, DataTypes.LongType, false)
          .add(BATCH_FINISHED_MS, DataTypes.LongType, false);

  private TranslatedRows() {}
}

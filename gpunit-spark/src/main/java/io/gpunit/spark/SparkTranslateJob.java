package io.gpunit.spark;

import io.gpunit.core.image.ImageReadException;
import io.gpunit.core.image.ResizePolicy;
import io.gpunit.models.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-translate}: the batch job behind {@code spark-submit --class
 * io.gpunit.spark.SparkTranslateJob gpunit-spark.jar ...}. Reads images (a directory or glob, or a
 * Parquet table with a binary column), translates them with one model, writes PNGs and/or a Parquet
 * table of {@link TranslatedRows}, and prints a {@link JobSummary}. Bad input (a missing model, an
 * output that exists, an invalid option) is one line on stderr and exit code 1; bad rows are not:
 * they are counted and described in the error column.
 */
@Command(
    name = "spark-translate",
    mixinStandardHelpOptions = true,
    description = "Translate images on Apache Spark with a gpunit model.")
public final class SparkTranslateJob implements Callable<Integer> {

  static final int EXIT_BAD_INPUT = 1;

  private final SparkSession spark;
  private final PrintWriter out;
  private final PrintWriter err;

  @Option(names = "--model", required = true, description = "model file (.safetensors), any Hadoop URI")
  private String model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Input input;

  static final class Input {
    @Option(names = "--images", description = "directory or glob of image files")
    String images;

    @Option(names = "--parquet", description = "Parquet table with a binary image column")
    String parquet;
  }

  @Option(names = "--path-column", defaultValue = "path", description = "with --parquet (default: path)")
  private String pathColumn;

  @Option(
      names = "--content-column",
      defaultValue = "content",
      description = "with --parquet: the image bytes (default: content)")
  private String contentColumn;

  @Option(names = "--png-out", description = "directory for the translated PNGs")
  private String pngOut;

  @Option(names = "--parquet-out", description = "Parquet table of the translated rows")
  private String parquetOut;

  @Option(names = "--style", description = "exemplar style image (default: a sampled style per image)")
  private String style;

  @Option(names = "--seed", defaultValue = "0", description = "job seed of the sampled styles")
  private long seed;

  @Option(names = "--batch-size", defaultValue = "8", description = "images per forward pass")
  private int batchSize;

  @Option(
      names = "--max-pixels",
      defaultValue = "40000000",
      description = "larger images are bad rows (default: 40 megapixels)")
  private long maxPixels;

  @Option(
      names = "--max-bytes",
      defaultValue = "67108864",
      description = "larger files are bad rows, never read (default: 64 MiB)")
  private long maxBytes;

  @Option(names = "--size", defaultValue = "0", description = "image size (default: the model's)")
  private int size;

  @Option(names = "--resize", defaultValue = "SQUASH", description = "SQUASH, CENTER_CROP or PAD")
  private ResizePolicy resize;

  @Option(names = "--partitions", defaultValue = "0", description = "repartition the input first")
  private int partitions;

  @Option(names = "--verbose", description = "print stack traces of errors")
  private boolean verbose;

  SparkTranslateJob(SparkSession spark, PrintWriter out, PrintWriter err) {
    this.spark = spark;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("gpunit spark-translate").getOrCreate();
    int code;
    try {
      code = run(spark, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    } finally {
      spark.stop();
    }
    System.exit(code);
  }

  /** Runs the job on {@code spark}; the exit code. */
  public static int run(SparkSession spark, PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new SparkTranslateJob(spark, out, err))
        .setOut(out)
        .setErr(err)
        .execute(args);
  }

  @Override
  public Integer call() {
    try {
      return translate();
    } catch (ModelLoadException
        | ImageReadException
        | IllegalArgumentException
        | UnsupportedOperationException
        | AnalysisException e) {
      err.println("spark-translate: " + e.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      return EXIT_BAD_INPUT;
    }
  }

  private int translate() throws AnalysisException {
    if (pngOut == null && parquetOut == null) {
      throw new IllegalArgumentException("give --png-out, --parquet-out or both");
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (parquetOut != null && exists(parquetOut, hadoop)) {
      throw new IllegalArgumentException(parquetOut + " exists: delete it or choose another --parquet-out");
    }
    TranslateOptions options =
        new TranslateOptions(
            batchSize, maxPixels, maxBytes, seed, styleChoice(hadoop), size, resize);
    SparkTranslate gpunit = SparkTranslate.load(spark, model);
    gpunit.check(options);
    Dataset<Row> images =
        input.images != null
            ? ImageSources.readImages(spark, input.images, maxBytes)
            : ImageSources.readParquet(spark, input.parquet, pathColumn, contentColumn);
    if (partitions > 0) {
      images = images.repartition(partitions);
    }
    long start = System.nanoTime();
    // Cached so that the outputs and the summary use one translation of each image.
    Dataset<Row> translated = gpunit.translate(images, options).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (parquetOut != null) {
        translated.write().parquet(parquetOut);
      }
      if (pngOut != null) {
        PngSink.write(translated, pngOut);
      }
      JobSummary summary = JobSummary.of(translated, (System.nanoTime() - start) / 1e9);
      out.println("model " + gpunit.modelId() + ", style " + options.style() + ", seed " + seed);
      summary.lines().forEach(out::println);
      out.flush();
    } finally {
      translated.unpersist();
    }
    return 0;
  }

  private StyleChoice styleChoice(Configuration hadoop) {
    if (style == null) {
      return StyleChoice.sampled();
    }
    Path path = new Path(style);
    try (InputStream in = path.getFileSystem(hadoop).open(path)) {
      return StyleChoice.exemplar(style, in.readAllBytes());
    } catch (IOException e) {
      throw new ImageReadException(style, "cannot read the style image (" + e.getMessage() + ")", e);
    }
  }

  private static boolean exists(String location, Configuration hadoop) {
    Path path = new Path(location);
    try {
      return path.getFileSystem(hadoop).exists(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot check " + location + ": " + e.getMessage(), e);
    }
  }
}

package io.gpunit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpunit.core.image.Images;
import io.gpunit.models.Translator;
import io.gpunit.core.random.SplitMix64;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark session on {@code local[2]} translating the fixture photos with the fixture model;
 * every output is checked against the single-JVM {@link Translator}'s, byte for byte.
 */
class SparkTranslateTest {

  private static final long JOB_SEED = 7;

  private static SparkSession spark;
  private static Path images;
  private static Path model;

  @BeforeAll
  static void start() {
    String root = System.getProperty("gpunit.fixtures.dir");
    if (root == null || root.isBlank()) {
      throw new IllegalStateException(
          "system property gpunit.fixtures.dir is not set; run through Maven (Surefire sets it)");
    }
    Path fixtures = Paths.get(root).toAbsolutePath().normalize();
    images = fixtures.resolve("images");
    model = fixtures.resolve("gpunit-reference/dev-nf8-s1234-64/model.safetensors");
    if (!Files.isRegularFile(model) || !Files.isDirectory(images)) {
      throw new IllegalStateException("fixture model or images not found under " + fixtures);
    }
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("gpunit-spark-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /**
   * Batched (3 a batch, so some batches hold fewer), each output is what a Translator seeded with
   * the image's seed produces in a batch of 3 ({@link #batchedTranslation}).
   */
  @Test
  void sampledStylesEqualTheSingleJvmTranslatorsForEachImagesSeed() throws Exception {
    SparkTranslate gpunit = SparkTranslate.load(spark, model.toString());
    Dataset<Row> input = ImageSources.readImages(spark, images.toString(), 1 << 20);
    assertThat(input.rdd().getNumPartitions()).isGreaterThanOrEqualTo(2);

    List<Row> rows =
        gpunit
            .translate(input, TranslateOptions.defaults().withBatchSize(3).withSeed(JOB_SEED))
            .collectAsList();

    long photos;
    try (Stream<Path> files = Files.list(images)) {
      photos = files.count();
    }
    assertThat(photos).isEqualTo(10);
    assertThat(rows).hasSize((int) photos);
    for (Row row : rows) {
      String path = row.getAs(TranslatedRows.PATH);
      assertThat((String) row.getAs(TranslatedRows.ERROR)).as(path).isNull();
      long seed = SplitMix64.derive(JOB_SEED, SplitMix64.key(path)).state();
      assertThat((Long) row.getAs(TranslatedRows.STYLE_SEED)).as(path).isEqualTo(seed);
      assertThat((String) row.getAs(TranslatedRows.MODEL)).startsWith("model.safetensors@sha256:");
      assertSameImage(row.getAs(TranslatedRows.PNG), batchedTranslation(path, seed, 3), path);
    }
    // Two tasks ran, in every test of this class: one network was built in this JVM.
    assertThat(ExecutorTranslators.loads()).isEqualTo(1);
  }

  /**
   * With batches of one, each output is {@code Translator.translate(content, style)}'s, which is
   * what {@code gpunit translate --style} writes.
   */
  @Test
  void parquetInputWithAnExemplarInBatchesOfOneEqualsTranslateWithStyle(@TempDir Path dir) throws Exception {
    Path exemplar = images.resolve("dog_flickr_dog_000572.jpg");
    String table = dir.resolve("photos.parquet").toString();
    spark
        .read()
        .format("binaryFile")
        .load(images.resolve("[0-9]*.jpg").toString()) // the four 256² photos
        .selectExpr("path AS file", "content AS image")
        .write()
        .parquet(table);
    StyleChoice style = StyleChoice.exemplar(exemplar.toString(), Files.readAllBytes(exemplar));

    List<Row> rows =
        SparkTranslate.load(spark, model.toString())
            .translate(
                ImageSources.readParquet(spark, table, "file", "image"),
                TranslateOptions.defaults().withBatchSize(1).withStyle(style))
            .collectAsList();

    assertThat(rows).hasSize(4);
    try (Translator single = Translator.builder().load(model).build()) {
      BufferedImage styleImage = Images.readImage(exemplar);
      for (Row row : rows) {
        String path = row.getAs(TranslatedRows.PATH);
        assertThat((String) row.getAs(TranslatedRows.ERROR)).as(path).isNull();
        assertThat((String) row.getAs(TranslatedRows.STYLE_EXEMPLAR)).isEqualTo(exemplar.toString());
        assertThat((Long) row.getAs(TranslatedRows.STYLE_SEED)).isNull();
        BufferedImage expected = single.translate(Images.readImage(local(path)), styleImage);
        assertSameImage(row.getAs(TranslatedRows.PNG), expected, path);
      }
    }
  }

  @Test
  void badRowsAreCountedAndTheRestTranslatedIdenticallyOnEveryRun(@TempDir Path dir)
      throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    for (String name : List.of("1001_face_29057.jpg", "11_bird_370.jpg", "232_dog_260.jpg")) {
      Files.copy(images.resolve(name), in.resolve(name));
    }
    Files.copy(images.resolve("male_020167.jpg"), in.resolve("huge.jpg")); // 1024², 95,778 bytes
    Files.copy(images.resolve("female_002569.jpg"), in.resolve("heavy.jpg")); // 114,727 bytes
    Files.write(in.resolve("empty.png"), new byte[0]);
    Files.writeString(in.resolve("notes.jpg"), "not an image at all");
    byte[] face = Files.readAllBytes(images.resolve("1001_face_29057.jpg"));
    Files.write(in.resolve("truncated.jpg"), java.util.Arrays.copyOf(face, 400));

    Map<String, String> errors = null;
    Map<String, byte[]> firstRun = null;
    for (String run : List.of("run1", "run2")) {
      Path pngs = dir.resolve(run + "-png");
      Path table = dir.resolve(run + ".parquet");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          SparkTranslateJob.run(
              spark,
              new PrintWriter(out),
              new PrintWriter(err),
              "--model", model.toString(),
              "--images", in.toString(),
              "--png-out", pngs.toString(),
              "--parquet-out", table.toString(),
              "--seed", String.valueOf(JOB_SEED),
              "--batch-size", "2",
              "--max-pixels", "300000",
              "--max-bytes", "100000");

      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString()).contains("translated 3 images", "5 bad rows", "executor driver");
      assertThat(out.toString()).containsPattern("\\(\\d+\\.\\d\\d images/s\\)");
      List<Row> rows = spark.read().parquet(table.toString()).collectAsList();
      assertThat(rows).hasSize(8);
      Map<String, String> runErrors = new HashMap<>();
      Map<String, byte[]> runPngs = new HashMap<>();
      for (Row row : rows) {
        String path = row.getAs(TranslatedRows.PATH);
        String name = local(path).getFileName().toString();
        String error = row.getAs(TranslatedRows.ERROR);
        if (error != null) {
          assertThat((byte[]) row.getAs(TranslatedRows.PNG)).isNull();
          runErrors.put(name, error);
          continue;
        }
        byte[] png = Files.readAllBytes(pngs.resolve(PngSink.fileName(path)));
        assertThat(png).isEqualTo((byte[]) row.getAs(TranslatedRows.PNG));
        if (firstRun == null) { // the second run is compared with the first, byte for byte
          long seed = SplitMix64.derive(JOB_SEED, SplitMix64.key(path)).state();
          assertSameImage(png, batchedTranslation(path, seed, 2), path);
        }
        runPngs.put(name, png);
      }
      assertThat(runPngs).containsOnlyKeys("1001_face_29057.jpg", "11_bird_370.jpg", "232_dog_260.jpg");
      try (Stream<Path> files = Files.list(pngs)) {
        assertThat(files).hasSize(3); // no temporaries, no checksum files
      }
      if (firstRun == null) {
        errors = runErrors;
        firstRun = runPngs;
      } else {
        assertThat(runErrors).isEqualTo(errors);
        assertThat(runPngs).containsOnlyKeys(firstRun.keySet());
        for (String name : firstRun.keySet()) {
          assertThat(runPngs.get(name)).as(name).isEqualTo(firstRun.get(name));
        }
      }
    }
    assertThat(errors).containsOnlyKeys("huge.jpg", "heavy.jpg", "empty.png", "notes.jpg", "truncated.jpg");
    assertThat(errors.get("huge.jpg")).isEqualTo("too large: 1024x1024 is 1048576 pixels, the limit is 300000");
    assertThat(errors.get("heavy.jpg")).isEqualTo("too large: 114727 bytes, the limit is 100000");
    assertThat(errors.get("empty.png")).isEqualTo("empty file");
    assertThat(errors.get("notes.jpg")).isEqualTo("not an image format ImageIO can decode");
    assertThat(errors.get("truncated.jpg")).isNotBlank();
  }

  @Test
  void badJobInputIsOneLineAndExitCodeOne(@TempDir Path dir) throws IOException {
    StringWriter err = new StringWriter();
    int code =
        SparkTranslateJob.run(
            spark,
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "--model", dir.resolve("missing.safetensors").toString(),
            "--images", images.toString(),
            "--png-out", dir.resolve("out").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("spark-translate: " + dir.resolve("missing.safetensors") + ": no such file");

    Path existing = Files.createDirectories(dir.resolve("existing.parquet"));
    StringWriter err2 = new StringWriter();
    int code2 =
        SparkTranslateJob.run(
            spark,
            new PrintWriter(new StringWriter()),
            new PrintWriter(err2),
            "--model", model.toString(),
            "--images", images.toString(),
            "--parquet-out", existing.toString());
    assertThat(code2).isEqualTo(1);
    assertThat(err2.toString().strip()).startsWith("spark-translate: " + existing + " exists");
  }

  /**
   * The single-JVM Translator's translation of the image in the style sampled from {@code seed}, in
   * a batch of {@code batchSize} copies of it ({@code translateBatch(List)} draws one style for the
   * whole list): Spark runs every batch at the full size, and ND4J rounds differently for another
   * batch size (on AVX2 CPUs a batch of 3 and one of 2 differ by a grey level in a few pixels).
   */
  private static BufferedImage batchedTranslation(String path, long seed, int batchSize) {
    BufferedImage content = Images.readImage(local(path));
    try (Translator single = Translator.builder().load(model).seed(seed).build()) {
      return single.translateBatch(Collections.nCopies(batchSize, content)).get(0);
    }
  }

  /** The PNG's bytes equal ImageIO's encoding of {@code expected}, and so do its pixels. */
  private static void assertSameImage(byte[] png, BufferedImage expected, String what) {
    assertThat(png).as(what).isNotNull();
    assertThat(png).as(what).isEqualTo(encode(expected));
    BufferedImage actual = Images.readImage(new ByteArrayInputStream(png), what);
    assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
    assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
    int w = expected.getWidth();
    int h = expected.getHeight();
    assertThat(actual.getRGB(0, 0, w, h, null, 0, w))
        .as(what)
        .isEqualTo(expected.getRGB(0, 0, w, h, null, 0, w));
  }

  private static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Path local(String sparkPath) {
    return Path.of(URI.create(sparkPath));
  }
}

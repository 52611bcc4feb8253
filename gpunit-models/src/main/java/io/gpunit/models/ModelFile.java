package io.gpunit.models;

/**
 * The keys of a gpunit model file's safetensors metadata: which architecture wrote it, and at which
 * size it was trained. A file without {@link #ARCHITECTURE} is a converted GP-UNIT model ({@code
 * content_encoder.*}, {@code g_ema.*}, {@code sampler.*}).
 */
public final class ModelFile {

  /** Metadata key naming the architecture: one of the constants below. */
  public static final String ARCHITECTURE = "gpunit.architecture";

  /** Metadata key: the side of the square images the model was trained on. */
  public static final String IMAGE_SIZE = "gpunit.image_size";

  /**
   * Metadata key (GP-UNIT): the side R the content encoder resizes its input to; its content code
   * is (R/32)². Absent in converted official models, which use 256.
   */
  public static final String CONTENT_RESOLUTION = "gpunit.content_resolution";

  /** Metadata key: a free-text description of the domains, e.g. {@code "CAT->CAR"}. */
  public static final String DOMAINS = "gpunit.domains";

  public static final String GPUNIT = "gpunit";
  public static final String UNIT = "unit";
  public static final String CYCLEGAN = "cyclegan";
  public static final String MUNIT = "munit";

  private ModelFile() {}
}

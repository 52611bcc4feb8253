package io.gpunit.core.image;

/**
 * An image whose data ends early or is damaged, which ImageIO would have decoded with grey rows and
 * a mere warning; refused unless {@link DecodeOptions#allowTruncated()}. A service can map it to
 * "400 Bad Request".
 */
public final class TruncatedImageException extends ImageReadException {

  private static final long serialVersionUID = 1L;

  public TruncatedImageException(String source, String decoderWarnings) {
    super(source, "truncated or damaged image data (" + decoderWarnings + ")");
  }
}

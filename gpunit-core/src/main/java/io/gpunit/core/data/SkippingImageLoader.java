package io.gpunit.core.data;

import io.gpunit.core.image.AlphaPolicy;
import io.gpunit.core.image.FloatImage;
import io.gpunit.core.image.ImageReadException;
import io.gpunit.core.image.Images;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes dataset images, tolerating bad files: a file that cannot be read is logged once (a WARN
 * naming it and why), remembered, and counted, and the caller moves on to another file. One broken
 * JPEG among a hundred thousand should not end a training run.
 */
public final class SkippingImageLoader {

  private static final Logger LOG = LoggerFactory.getLogger(SkippingImageLoader.class);

  private final AlphaPolicy alpha;
  private final Set<Path> skipped = ConcurrentHashMap.newKeySet();

  public SkippingImageLoader(AlphaPolicy alpha) {
    this.alpha = alpha;
  }

  /** The decoded image, or empty if the file is (or was found earlier to be) unreadable. */
  public Optional<FloatImage> load(Path file) {
    if (skipped.contains(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Images.load(file, alpha));
    } catch (ImageReadException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("loader closed while reading " + file);
      }
      if (skipped.add(file)) {
        LOG.warn("Skipping unreadable image: {}", e.getMessage());
      }
      return Optional.empty();
    }
  }

  public boolean isSkipped(Path file) {
    return skipped.contains(file);
  }

  public int skippedCount() {
    return skipped.size();
  }
}

package io.gpunit.core.data;

/**
 * An endless stream of two-domain batches: folders of photos, stage-1 pairs, or synthetic renders.
 * Trainers count iterations, not epochs, so {@link #next()} never runs dry; sources that have
 * epochs reshuffle and start over. Closing releases a background loader, if any.
 */
public interface TwoDomainSource extends AutoCloseable {

  /** The next batch; blocks while a background loader is still producing it. */
  TwoDomainBatch next();

  /** Images per domain in every batch. */
  int batchSize();

  /** Side length {@code S} of the square images. */
  int imageSize();

  /** Batches in one pass over the data (the epoch length), for progress reporting. */
  long batchesPerEpoch();

  @Override
  default void close() {}
}

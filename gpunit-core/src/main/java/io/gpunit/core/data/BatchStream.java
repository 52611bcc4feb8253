package io.gpunit.core.data;

import java.util.concurrent.Callable;

/**
 * A producer of batches, either called on the caller's thread ({@code prefetch == 0}) or run ahead
 * on a {@link Prefetcher} with {@code prefetch} batches of look-ahead.
 */
final class BatchStream implements AutoCloseable {

  private final Callable<TwoDomainBatch> producer;
  private final Prefetcher<TwoDomainBatch> prefetcher;

  BatchStream(String name, int prefetch, Callable<TwoDomainBatch> producer) {
    if (prefetch < 0) {
      throw new IllegalArgumentException("prefetch must be >= 0 batches, got " + prefetch);
    }
    this.producer = producer;
    this.prefetcher = prefetch == 0 ? null : new Prefetcher<>(name, prefetch, producer);
  }

  TwoDomainBatch next() {
    if (prefetcher != null) {
      return prefetcher.next();
    }
    try {
      return producer.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new DataLoadingException("loading a batch failed: " + e, e);
    }
  }

  @Override
  public void close() {
    if (prefetcher != null) {
      prefetcher.close();
    }
  }
}

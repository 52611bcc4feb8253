package io.gpunit.core.data;

import com.google.common.base.Preconditions;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;

/**
 * Runs a producer on one background daemon thread and hands its results out in order through a
 * bounded queue, so image decoding overlaps training without unbounded memory. The producer's state
 * is confined to that one thread, which keeps a seeded source deterministic.
 *
 * <p>If the producer throws, {@link #next()} rethrows it (wrapped in a {@link
 * DataLoadingException}) once the items produced before it are consumed, and on every call after
 * that. {@link #close()} stops the thread and drops queued items; {@link #next()} after close
 * fails.
 */
public final class Prefetcher<T> implements AutoCloseable {

  /** A produced value or the producer's failure. */
  private record Item<T>(T value, Throwable error) {}

  private final BlockingQueue<Item<T>> queue;
  private final Thread thread;
  private final String name;
  private volatile boolean closed;
  private Throwable failure;

  /**
   * Starts producing at once.
   *
   * @param name thread name, used in error messages
   * @param capacity how many produced items may wait in the queue
   */
  public Prefetcher(String name, int capacity, Callable<T> producer) {
    Preconditions.checkArgument(
        capacity > 0, "prefetch capacity must be positive, got %s", capacity);
    this.name = name;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(() -> produce(producer), name);
    thread.setDaemon(true);
    thread.start();
  }

  private void produce(Callable<T> producer) {
    try {
      while (!closed) {
        queue.put(new Item<>(producer.call(), null));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      if (!closed) {
        try {
          queue.put(new Item<>(null, t));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** The next item, waiting for the producer if needed. */
  public T next() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
    if (failure != null) {
      throw new DataLoadingException(name + " failed earlier: " + failure, failure);
    }
    Item<T> item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataLoadingException(name + ": interrupted while waiting for the next item", e);
    }
    if (item.error() != null) {
      failure = item.error();
      throw new DataLoadingException(name + " failed: " + failure, failure);
    }
    return item.value();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    queue.clear();
  }
}

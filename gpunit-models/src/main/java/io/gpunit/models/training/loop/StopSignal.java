package io.gpunit.models.training.loop;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop training after the current step, e.g. from Ctrl-C. With {@link #onShutdown}, a
 * JVM shutdown hook (SIGINT, SIGTERM) requests the stop and then holds the JVM open until the loop
 * has finished its step and written its checkpoint (at most {@code grace}), so an interrupted run
 * never leaves a broken checkpoint — the checkpoint write is atomic besides. The loop checks {@link
 * #isRequested} between steps, never inside one.
 */
public final class StopSignal implements AutoCloseable {

  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean running;
  private final Thread hook;

  private StopSignal(Duration grace) {
    if (grace == null) {
      hook = null;
      return;
    }
    hook =
        new Thread(
            () -> {
              request();
              if (running) {
                try {
                  finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            },
            "gpunit-training-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** A signal raised only by {@link #request()}. */
  public static StopSignal manual() {
    return new StopSignal(null);
  }

  /**
   * A signal raised by JVM shutdown (Ctrl-C), which then waits up to {@code grace} for the loop to
   * finish its step and checkpoint. {@link #close} unregisters the hook.
   */
  public static StopSignal onShutdown(Duration grace) {
    return new StopSignal(grace);
  }

  public void request() {
    requested.set(true);
  }

  public boolean isRequested() {
    return requested.get();
  }

  void loopStarted() {
    running = true;
  }

  void loopFinished() {
    running = false;
    finished.countDown();
  }

  @Override
  public void close() {
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run; it ends by itself once the loop has finished.
      }
    }
  }
}

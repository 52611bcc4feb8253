package io.gpunit.spark;

import io.gpunit.models.Translator;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The translators of this JVM, one per (model, image size, resize policy), built on first use and
 * kept for the JVM's life: every task and partition an executor runs shares it (its calls are
 * serialised, so the executor's cores run decoding and encoding in parallel around one network).
 */
final class ExecutorTranslators {

  private static final Map<String, Translator> TRANSLATORS = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  private ExecutorTranslators() {}

  static Translator get(ModelPayload model, TranslateOptions options) {
    String key = model.id() + "|" + options.imageSize() + "|" + options.resize();
    return TRANSLATORS.computeIfAbsent(
        key,
        k -> {
          LOADS.incrementAndGet();
          return Translator.builder()
              .load(new ByteArrayInputStream(model.bytes()))
              .imageSize(options.imageSize())
              .resize(options.resize())
              .build();
        });
  }

  /** How many networks this JVM has built: one per model and size, however many tasks ran. */
  static int loads() {
    return LOADS.get();
  }
}

package io.gpunit.models.training.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A run's configuration as every checkpoint stores it ({@link Checkpointer.Builder#config}): the
 * config record's fields, then what the run adds to them (its data source, image size, feature
 * extractor), in the order they are added.
 */
public final class ConfigJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode node;

  private ConfigJson(ObjectNode node) {
    this.node = node;
  }

  /** The fields of {@code config} (a record or any Jackson-serialisable object). */
  public static ConfigJson of(Object config) {
    return new ConfigJson(JSON.valueToTree(config));
  }

  /** Adds {@code key} (replacing a field of the same name). */
  public ConfigJson with(String key, String value) {
    node.put(key, value);
    return this;
  }

  /** Adds {@code key} (replacing a field of the same name). */
  public ConfigJson with(String key, int value) {
    node.put(key, value);
    return this;
  }

  /**
   * Whether two stored configurations are the same: equal JSON objects, whatever the order of their
   * fields (a field added in another order by a later version still resumes), else equal texts.
   */
  public static boolean same(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    try {
      return JSON.readTree(a).equals(JSON.readTree(b));
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** The JSON text. */
  public String json() {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the configuration cannot be written as JSON", e);
    }
  }
}

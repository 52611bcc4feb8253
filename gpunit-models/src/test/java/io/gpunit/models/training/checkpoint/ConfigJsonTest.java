package io.gpunit.models.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigJsonTest {

  record Widths(int nf, double lr) {}

  @Test
  void writesTheRecordFieldsThenTheAddedOnesInOrder() {
    String json =
        ConfigJson.of(new Widths(8, 0.5)).with("data", "CAT->CAR").with("size", 64).json();

    assertThat(json).isEqualTo("{\"nf\":8,\"lr\":0.5,\"data\":\"CAT->CAR\",\"size\":64}");
  }

  @Test
  void configurationsWithTheSameFieldsInAnotherOrderAreTheSame() {
    assertThat(ConfigJson.same("{\"a\":1,\"b\":\"x\"}", "{\"b\":\"x\",\"a\":1}")).isTrue();
  }

  @Test
  void aDifferentValueOrAMissingFieldIsAnotherConfiguration() {
    assertThat(ConfigJson.same("{\"a\":1,\"b\":\"x\"}", "{\"a\":2,\"b\":\"x\"}")).isFalse();
    assertThat(ConfigJson.same("{\"a\":1,\"b\":\"x\"}", "{\"a\":1}")).isFalse();
  }

  @Test
  void textsThatAreNotJsonAreComparedAsTexts() {
    assertThat(ConfigJson.same("run-a", "run-a")).isTrue();
    assertThat(ConfigJson.same("run-a", "run-b")).isFalse();
  }
}
